package dev.coral.agent.support.otlp;

/** The {@code transport} label of the receiver's counters, as in the Collector. */
enum Transport {
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
