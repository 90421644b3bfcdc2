package dev.coral.agent.api.telemetry;

/**
 * A monotonically increasing count. Thread-safe and cheap: safe on the hot path.
 *
 * @since 0.1.0
 */
public interface Counter {
    void add(long n);

    default void increment() {
        add(1);
    }

    long value();
}
