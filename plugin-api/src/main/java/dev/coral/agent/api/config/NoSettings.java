package dev.coral.agent.api.config;

/**
 * The configuration of a component that takes no settings: any key set in its block is
 * reported as unknown.
 *
 * <pre>{@code
 * ExporterFactory.builder("nop", NoSettings::defaults, NoSettings::read)
 * }</pre>
 *
 * @since 0.1.0
 */
public record NoSettings() {
    private static final NoSettings NONE = new NoSettings();

    public static NoSettings defaults() {
        return NONE;
    }

    /** Reads nothing, so whatever the block holds is an unknown setting. */
    public static NoSettings read(Settings settings, NoSettings defaults) {
        return defaults;
    }
}
