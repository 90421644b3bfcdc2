package dev.coral.agent.plugin.otlpexporter.config;

import java.util.Locale;
import java.util.Optional;

/** The body encoding of {@code otlphttp} ({@code encoding}, as the Collector's): protobuf or OTLP/JSON. */
public enum Encoding {
    PROTO, JSON;

    public static Optional<Encoding> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "proto" -> Optional.of(PROTO);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
