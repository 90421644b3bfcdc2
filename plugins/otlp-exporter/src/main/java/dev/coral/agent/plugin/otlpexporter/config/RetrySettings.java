package dev.coral.agent.plugin.otlpexporter.config;

import java.time.Duration;

/**
 * {@code retry_on_failure}, as the Collector's exporterhelper: exponential backoff with jitter
 * between attempts of one request, for at most {@code maxElapsedTime} (zero: no limit).
 */
public record RetrySettings(boolean enabled, Duration initialInterval, double randomizationFactor,
                            double multiplier, Duration maxInterval, Duration maxElapsedTime) {

    public static RetrySettings defaults() {
        return new RetrySettings(true, Duration.ofSeconds(5), 0.5, 1.5, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
