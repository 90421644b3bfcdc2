package dev.coral.agent.plugin.otlpexporter.config;

import java.util.Locale;
import java.util.Optional;

/** Request body compression ({@code compression}): the Collector's default is gzip. */
public enum Compression {
    GZIP, NONE;

    /** {@code gzip}, {@code none} (or empty, as the Collector accepts). */
    public static Optional<Compression> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "gzip" -> Optional.of(GZIP);
            case "none", "" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
