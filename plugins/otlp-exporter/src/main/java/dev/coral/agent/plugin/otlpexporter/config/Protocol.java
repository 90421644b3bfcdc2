package dev.coral.agent.plugin.otlpexporter.config;

/** The OTLP transport an exporter type speaks: {@code otlp} is gRPC, {@code otlphttp} is HTTP/protobuf. */
public enum Protocol {
    GRPC("otlp", "localhost:4317"),
    HTTP("otlphttp", "http://localhost:4318");

    private final String type;
    private final String defaultEndpoint;

    Protocol(String type, String defaultEndpoint) {
        this.type = type;
        this.defaultEndpoint = defaultEndpoint;
    }

    /** The exporter type in {@code pipelines.conf}. */
    public String type() {
        return type;
    }

    public String defaultEndpoint() {
        return defaultEndpoint;
    }
}
