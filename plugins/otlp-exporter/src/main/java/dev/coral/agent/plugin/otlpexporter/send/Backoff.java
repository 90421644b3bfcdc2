package dev.coral.agent.plugin.otlpexporter.send;

import dev.coral.agent.plugin.otlpexporter.config.RetrySettings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The delays between attempts of one request, as the Collector's exponential backoff: the n-th
 * interval is {@code initial * multiplier^n} capped at {@code max_interval}, spread by
 * {@code ± randomization_factor} (jitter, so many agents do not retry in step), and never shorter
 * than the upstream's own hint (Retry-After, RetryInfo).
 */
final class Backoff {
    private final RetrySettings settings;
    private final DoubleSupplier random;
    private double nextNanos;

    Backoff(RetrySettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
        this.nextNanos = settings.initialInterval().toNanos();
    }

    /** The wait before the next attempt. */
    Duration next(Optional<Duration> hint) {
        double base = nextNanos;
        nextNanos = Math.min(nextNanos * settings.multiplier(), settings.maxInterval().toNanos());
        double spread = settings.randomizationFactor() * base;
        long jittered = (long) (base - spread + random.getAsDouble() * 2 * spread);
        Duration d = Duration.ofNanos(Math.max(0, jittered));
        return hint.filter(h -> h.compareTo(d) > 0).orElse(d);
    }
}
