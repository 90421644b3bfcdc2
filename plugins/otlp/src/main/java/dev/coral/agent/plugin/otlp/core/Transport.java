package dev.coral.agent.plugin.otlp.core;

/** The {@code transport} label of the receiver's counters, as in the Collector. */
public enum Transport {
    GRPC("grpc"),
    HTTP("http");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
