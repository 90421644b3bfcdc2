package dev.coral.agent.plugin.otlpexporter.send;

/**
 * Sends one OTLP export request (its protobuf bytes) to the upstream and classifies the answer.
 * Blocking: called on the exporter's sender threads (virtual), each with one request at a time.
 */
public interface Sender extends AutoCloseable {
    SendOutcome send(ExportedSignal signal, byte[] request);

    /** Releases connections; requests still under way fail. */
    @Override
    void close();
}
