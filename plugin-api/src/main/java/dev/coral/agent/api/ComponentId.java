package dev.coral.agent.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A component's id in {@code pipelines.conf}: {@code type} or {@code type/name}, as in the
 * OpenTelemetry Collector ({@code otlp}, {@code otlp/internal}).
 *
 * @since 0.1.0
 */
public record ComponentId(String type, String name) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public ComponentId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (!PART.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid component type '" + type
                    + "': letters, digits, '.', '_' and '-' only");
        }
        if (!name.isEmpty() && !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid component name '" + name
                    + "': letters, digits, '.', '_' and '-' only");
        }
    }

    /** Parses {@code type} or {@code type/name}. */
    public static ComponentId parse(String id) {
        int slash = id.indexOf('/');
        return slash < 0
                ? new ComponentId(id, "")
                : new ComponentId(id.substring(0, slash), id.substring(slash + 1));
    }

    @Override
    public String toString() {
        return name.isEmpty() ? type : type + "/" + name;
    }
}
