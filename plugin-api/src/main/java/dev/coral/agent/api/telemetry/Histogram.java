package dev.coral.agent.api.telemetry;

/**
 * A distribution of observed values (a latency, a batch size) in fixed buckets, exposed as a
 * Prometheus histogram so that percentiles can be read from {@code /metrics}. Thread-safe and
 * cheap: safe on the hot path.
 *
 * @since 0.1.0
 */
public interface Histogram {
    void record(double value);

    /** Values recorded so far. */
    long count();

    /** Their sum. */
    double sum();
}
