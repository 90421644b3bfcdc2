package dev.coral.agent.plugin.beyla;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.plugin.beyla.config.BeylaConfig;
import dev.coral.agent.plugin.beyla.config.ReceivingConfig;
import dev.coral.agent.plugin.beyla.receive.EbpfIntake;
import dev.coral.agent.plugin.beyla.supervise.BeylaSupervisor;
import dev.coral.agent.support.otlp.OtlpServers;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Beyla's OTLP on loopback (plugin-support's OTLP/gRPC and OTLP/HTTP servers), maps it to
 * eBPF rows for the ebpf pipeline, and runs Beyla pointed at the gRPC server. Starts the servers
 * first, so Beyla's first export finds them; shuts Beyla down first, so its last export is
 * still taken, then the servers.
 */
final class BeylaReceiver implements Receiver {
    private static final Logger log = LoggerFactory.getLogger(BeylaReceiver.class);
    /** Beyla's requests are small and local: what is in flight at shutdown is answered quickly or not at all. */
    private static final Duration MAX_DRAIN = Duration.ofSeconds(10);

    private final ComponentContext context;
    private final BeylaConfig config;
    private final OtlpServers servers;
    private BeylaSupervisor supervisor;

    BeylaReceiver(ComponentContext context, BeylaConfig config, Outputs outputs) {
        this.context = context;
        this.config = config;
        BatchConsumer<EbpfBatch> ebpf = outputs.get(Signal.EBPF).orElseThrow(() -> new IllegalStateException(
                context.id() + " feeds no ebpf pipeline: name it in a pipeline of the ebpf signal"));
        ReceivingConfig receiving = config.receiving();
        Outputs otlp = EbpfIntake.outputs(context.telemetry(), receiving.maxSeries(), Instant.now(), ebpf);
        this.servers = OtlpServers.builder(context, otlp)
                .grpc(receiving.grpc())
                .http(receiving.http())
                .retryAfter(receiving.retryAfter())
                .build();
    }

    @Override
    public void start(Host host) throws Exception {
        context.status().report(Health.STARTING, "binding");
        servers.start();
        log.info("{}: listening for Beyla's OTLP: {}", context.id(), servers.describe());
        context.status().report(Health.OK, servers.describe());
        Endpoint grpc = new Endpoint(config.receiving().grpc().endpoint().host(), servers.grpcPort());
        supervisor = new BeylaSupervisor(context, config.supervision(), grpc.toString());
        supervisor.start();
    }

    /** The bound OTLP/gRPC port (the real one when configured as 0), or -1 before start. */
    int grpcPort() {
        return servers.grpcPort();
    }

    /** The bound OTLP/HTTP port, or -1 when not serving HTTP. */
    int httpPort() {
        return servers.httpPort();
    }

    @Override
    public void shutdown(Deadline deadline) throws Exception {
        if (supervisor != null) {
            supervisor.shutdown(deadline);
        }
        context.status().report(Health.STOPPING, "draining requests in flight");
        Duration wait = deadline.remaining().compareTo(MAX_DRAIN) < 0 ? deadline.remaining() : MAX_DRAIN;
        if (!servers.shutdown(wait)) {
            log.warn("{}: {} requests still unanswered after {}; closing their connections",
                    context.id(), context.inflight().open(), wait);
        }
        context.status().report(Health.STOPPED, "stopped");
    }
}
