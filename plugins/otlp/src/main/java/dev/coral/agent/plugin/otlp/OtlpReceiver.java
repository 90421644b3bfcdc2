package dev.coral.agent.plugin.otlp;

import com.google.protobuf.Message;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.otlp.config.Endpoint;
import dev.coral.agent.plugin.otlp.config.OtlpReceiverConfig;
import dev.coral.agent.plugin.otlp.core.Gate;
import dev.coral.agent.plugin.otlp.core.OtlpSignal;
import dev.coral.agent.plugin.otlp.core.ReceiverCounters;
import dev.coral.agent.plugin.otlp.core.RpcStatuses;
import dev.coral.agent.plugin.otlp.core.SignalIntake;
import dev.coral.agent.plugin.otlp.core.Transport;
import dev.coral.agent.plugin.otlp.grpc.OtlpGrpcServer;
import dev.coral.agent.plugin.otlp.http.OtlpHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP receiver: OTLP/gRPC and OTLP/HTTP servers in front of the pipelines. Requests are
 * decoded and exported on virtual threads; sockets are served by Netty event loops, so no
 * number of connections can exhaust a thread pool.
 *
 * <p>Shutdown: new requests are refused (UNAVAILABLE / 503), the listening sockets close, the
 * requests in flight get their answers (for at most {@code shutdown-timeout}, and not past the
 * runtime's deadline), then the connections close.
 */
public final class OtlpReceiver implements Receiver {
    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);

    private final ComponentContext context;
    private final OtlpReceiverConfig config;
    private final Outputs outputs;
    private Gate gate;
    private ExecutorService executor;
    private OtlpGrpcServer grpc;
    private OtlpHttpServer http;

    public OtlpReceiver(ComponentContext context, OtlpReceiverConfig config, Outputs outputs) {
        this.context = context;
        this.config = config;
        this.outputs = outputs;
    }

    @Override
    public void start(Host host) throws Exception {
        context.status().report(Health.STARTING, "binding");
        gate = new Gate(context.inflight(), config.retryAfter());
        RpcStatuses statuses = new RpcStatuses(config.retryAfter());
        ThreadFactory threads = Thread.ofVirtual().name("otlp-" + context.id() + "-", 0).factory();
        executor = Executors.newThreadPerTaskExecutor(threads);
        List<String> bound = new ArrayList<>();
        if (config.grpc().enabled()) {
            ReceiverCounters counters = new ReceiverCounters(context.telemetry(), Transport.GRPC);
            grpc = new OtlpGrpcServer(config.grpc(), intakes(counters), gate, statuses, counters, executor);
            bind("grpc.endpoint", config.grpc().endpoint(), grpc::start);
            bound.add("OTLP/gRPC on " + config.grpc().endpoint().host() + ":" + grpc.port()
                    + (config.grpc().tls().isPresent() ? " (TLS)" : ""));
        }
        if (config.http().enabled()) {
            http = new OtlpHttpServer(config.http(), intakes(new ReceiverCounters(context.telemetry(), Transport.HTTP)),
                    gate, statuses, executor, context.telemetry().counter("coral_receiver_refused_connections",
                            "Connections closed at once because max-connections were open.",
                            Map.of("transport", Transport.HTTP.label())));
            bind("http.endpoint", config.http().endpoint(), http::start);
            bound.add("OTLP/HTTP on " + config.http().endpoint().host() + ":" + http.port()
                    + (config.http().tls().isPresent() ? " (TLS)" : ""));
        }
        log.info("{}: listening for {}: {}", context.id(), outputs.signals(), String.join(", ", bound));
        context.status().report(Health.OK, String.join(", ", bound));
    }

    private interface Binding {
        void run() throws Exception;
    }

    /** Starts a server; a failure names the setting and address ("Address already in use" alone does not). */
    private static void bind(String key, Endpoint endpoint, Binding start) throws IOException {
        try {
            start.run();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e.getMessage() != null && e.getMessage().startsWith("Failed to bind")
                    ? e.getCause() : e;
            throw new IOException(key + ": cannot listen on " + endpoint + ": " + cause.getMessage(), e);
        }
    }

    /** The bound OTLP/gRPC port (the real one when configured as 0), or -1 when not serving gRPC. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.port();
    }

    /** The bound OTLP/HTTP port, or -1 when not serving HTTP. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void shutdown(Deadline deadline) throws Exception {
        context.status().report(Health.STOPPING, "draining requests in flight");
        Duration wait = min(config.shutdownTimeout(), deadline.remaining());
        if (gate != null) {
            gate.close();
        }
        if (grpc != null) {
            grpc.stopAccepting();
        }
        if (http != null) {
            http.stopAccepting();
        }
        if (gate != null && !gate.awaitIdle(wait)) {
            log.warn("{}: {} requests still unanswered after {}; closing their connections",
                    context.id(), gate.inFlight(), wait);
        }
        Duration grace = min(Duration.ofMillis(500), deadline.remaining());
        if (grpc != null) {
            grpc.close(grace);
        }
        if (http != null) {
            http.close(grace);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        context.status().report(Health.STOPPED, "stopped");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private List<SignalIntake<?, ?>> intakes(ReceiverCounters counters) {
        List<SignalIntake<?, ?>> out = new ArrayList<>();
        for (OtlpSignal<?, ?> s : OtlpSignal.all()) {
            intake(s, counters).ifPresent(out::add);
        }
        return out;
    }

    private <Q extends Message, A extends Message> Optional<SignalIntake<Q, A>> intake(OtlpSignal<Q, A> s,
                                                                                      ReceiverCounters counters) {
        Optional<BatchConsumer<Q>> consumer = outputs.get(s.signal());
        return consumer.map(c -> new SignalIntake<>(s, c, counters));
    }
}
