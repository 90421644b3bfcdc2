package dev.coral.agent.plugin.otlpexporter.config;

import java.util.Locale;
import java.util.Optional;

/** What the sending queue does with a new batch when it holds {@code max_bytes}. */
public enum FullPolicy {
    /** Refuse the batch (retryable OVERLOADED): the receivers answer 429 / RESOURCE_EXHAUSTED, senders slow down. */
    BLOCK,
    /** Keep the batch and drop the oldest queued ones that are not being sent (counted). */
    DROP_OLDEST;

    public static Optional<FullPolicy> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "block" -> Optional.of(BLOCK);
            case "drop_oldest" -> Optional.of(DROP_OLDEST);
            default -> Optional.empty();
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
