package dev.coral.agent.api;

/**
 * How settled a component's support for one signal is, as the OpenTelemetry Collector's
 * stability levels. The runtime shows it in {@code coral-agent plugins} and warns when a
 * pipeline uses a signal of a component that is in development, deprecated or unmaintained.
 *
 * @since 0.1.0
 */
public enum Stability {
    /** Not ready for use beyond trying it out; settings and behaviour may change at any time. */
    DEVELOPMENT,
    /** Usable for limited, non-critical work; settings may still change. */
    ALPHA,
    /** Settings and behaviour settled; suitable for production with care. */
    BETA,
    /** Kept compatible; suitable for production. */
    STABLE,
    /** Will be removed; a replacement exists. */
    DEPRECATED,
    /** No one maintains it any more. */
    UNMAINTAINED;

    /** Whether using it deserves a warning in the log. */
    public boolean warns() {
        return this == DEVELOPMENT || this == DEPRECATED || this == UNMAINTAINED;
    }

    /** The lower-case word shown to users: "stable", "beta"... */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
