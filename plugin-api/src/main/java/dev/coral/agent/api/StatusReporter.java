package dev.coral.agent.api;

/**
 * A component's health, shown in {@code /status}, as the Collector's component status.
 *
 * @since 0.1.0
 */
public interface StatusReporter {
    enum Health { STARTING, OK, DEGRADED, FAILED, STOPPING, STOPPED }

    /** Reports the component's current health with a short human-readable reason. */
    void report(Health health, String message);
}
