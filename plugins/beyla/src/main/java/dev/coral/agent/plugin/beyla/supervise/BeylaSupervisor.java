package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;

/**
 * Runs Beyla beside the agent: writes its config, starts it, restarts it when it dies, stops it
 * on shutdown (to be built by the supervision work of issue 14).
 */
public final class BeylaSupervisor {
    private final ComponentContext context;
    private final SupervisionConfig config;

    /**
     * @param otlpGrpcEndpoint where Beyla must export, {@code host:port} of the receiver's loopback gRPC server
     */
    public BeylaSupervisor(ComponentContext context, SupervisionConfig config, String otlpGrpcEndpoint) {
        this.context = context;
        this.config = config;
    }

    /** Starts Beyla if a binary is there; else says once that the receiver only receives. */
    public void start() {}

    public void shutdown(Deadline deadline) {}
}
