package dev.coral.agent.tools.otlpload;

/** A server under measurement, run in its own JVM so its CPU time can be read apart from the clients'. */
interface BenchServer extends AutoCloseable {
    /** Starts on 127.0.0.1 and returns the OTLP/gRPC port. */
    int start() throws Exception;
}
