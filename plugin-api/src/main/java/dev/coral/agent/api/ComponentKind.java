package dev.coral.agent.api;

/**
 * The four kinds of pipeline component, named as in {@code pipelines.conf}.
 *
 * @since 0.1.0
 */
public enum ComponentKind {
    RECEIVER("receivers"),
    PROCESSOR("processors"),
    EXPORTER("exporters"),
    STORE("stores");

    private final String section;

    ComponentKind(String section) {
        this.section = section;
    }

    /** The top-level section of {@code pipelines.conf} that configures this kind. */
    public String section() {
        return section;
    }

    /** The singular word for messages: "receiver", "processor"... */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
