package dev.coral.agent.api;

/**
 * The runtime's bound on data in flight (received but not yet durable), shared by all
 * receivers. A receiver reserves a request's size before decoding it and releases it when the
 * pipeline's completion finishes; when a reservation fails it refuses the request with a retry
 * hint (OTLP: HTTP 429 / gRPC RESOURCE_EXHAUSTED) instead of growing the heap.
 *
 * @since 0.1.0
 */
public interface InflightBudget {
    /** Reserves {@code bytes}; false when that would pass the bound. Never blocks. */
    boolean tryAcquire(long bytes);

    /** Returns a reservation made by {@link #tryAcquire}. */
    void release(long bytes);

    /** Bytes reserved now. */
    long inUse();

    /** The bound, in bytes. */
    long limit();
}
