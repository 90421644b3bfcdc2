package dev.coral.agent.plugin.otlp;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.otlp.config.OtlpReceiverConfig;
import dev.coral.agent.support.otlp.OtlpServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP receiver: plugin-support's OTLP/gRPC and OTLP/HTTP servers in front of the pipelines.
 *
 * <p>Shutdown: new requests are refused (UNAVAILABLE / 503), the listening sockets close, the
 * requests in flight get their answers (for at most {@code shutdown-timeout}), then the
 * connections close.
 */
public final class OtlpReceiver implements Receiver {
    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);

    private final ComponentContext context;
    private final OtlpReceiverConfig config;
    private final Outputs outputs;
    private final OtlpServers servers;

    public OtlpReceiver(ComponentContext context, OtlpReceiverConfig config, Outputs outputs) {
        this.context = context;
        this.config = config;
        this.outputs = outputs;
        this.servers = OtlpServers.builder(context, outputs)
                .grpc(config.grpc())
                .http(config.http())
                .retryAfter(config.retryAfter())
                .build();
    }

    @Override
    public void start(Host host) throws Exception {
        context.status().report(Health.STARTING, "binding");
        servers.start();
        log.info("{}: listening for {}: {}", context.id(), outputs.signals(), servers.describe());
        context.status().report(Health.OK, servers.describe());
    }

    /** The bound OTLP/gRPC port (the real one when configured as 0), or -1 when not serving gRPC. */
    public int grpcPort() {
        return servers.grpcPort();
    }

    /** The bound OTLP/HTTP port, or -1 when not serving HTTP. */
    public int httpPort() {
        return servers.httpPort();
    }

    @Override
    public void shutdown() throws Exception {
        context.status().report(Health.STOPPING, "draining requests in flight");
        if (!servers.shutdown(config.shutdownTimeout())) {
            log.warn("{}: {} requests still unanswered after {}; closing their connections",
                    context.id(), context.inflight().open(), config.shutdownTimeout());
        }
        context.status().report(Health.STOPPED, "stopped");
    }
}
