package dev.coral.agent.api.telemetry;

/**
 * A monotonically increasing count. Thread-safe and cheap: safe on the hot path.
 *
 * @since 0.1.0
 */
public interface Counter {
    /**
     * A counter kept in memory, for whoever implements {@link Telemetry} (the runtime, a test
     * double): a component asks its {@link Telemetry} for counters instead.
     *
     * @since 0.1.0
     */
    static Counter inMemory() {
        return new AdderCounter();
    }

    void add(long n);

    default void increment() {
        add(1);
    }

    long value();
}
