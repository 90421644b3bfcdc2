package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.config.Endpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * OTLP/gRPC and OTLP/HTTP servers in front of a receiver's consumers: traces, metrics and logs
 * as protobuf (both transports) and JSON (HTTP), gzip, TLS, the OTLP answers and retry hints,
 * and the in-flight bound ({@link ComponentContext#inflight()}). A request is answered once its
 * consumer's completion finishes; the signals no consumer takes answer UNIMPLEMENTED / 404.
 * Requests are decoded and exported on virtual threads; sockets are served by Netty event
 * loops, so no number of connections can exhaust a thread pool. Counters follow the Collector's
 * names ({@code otelcol_receiver_accepted_spans{transport="grpc"}}...).
 *
 * <pre>{@code
 * OtlpServers servers = OtlpServers.builder(context, outputs)
 *         .grpc(GrpcServerSettings.defaults(Endpoint.parse("127.0.0.1:4319")))
 *         .build();
 * servers.start();                          // in Receiver.start
 * servers.shutdown(Duration.ofSeconds(10)); // in Receiver.shutdown
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OtlpServers {
    private final ComponentContext context;
    private final Outputs outputs;
    private final Optional<GrpcServerSettings> grpcSettings;
    private final Optional<HttpServerSettings> httpSettings;
    private final Duration retryAfter;
    private ExecutorService executor;
    private OtlpGrpcServer grpc;
    private OtlpHttpServer http;

    private OtlpServers(Builder b) {
        this.context = b.context;
        this.outputs = b.outputs;
        this.grpcSettings = Optional.ofNullable(b.grpc).filter(GrpcServerSettings::enabled);
        this.httpSettings = Optional.ofNullable(b.http).filter(HttpServerSettings::enabled);
        this.retryAfter = b.retryAfter;
    }

    /** Servers for the component of {@code context}, handing what they receive to {@code outputs}. */
    public static Builder builder(ComponentContext context, Outputs outputs) {
        return new Builder(context, outputs);
    }

    /**
     * Binds the enabled servers. A failure names the transport and address ("Address already in
     * use" alone does not) and leaves nothing bound.
     */
    public void start() throws IOException {
        RpcStatuses statuses = new RpcStatuses(retryAfter);
        InflightLedger ledger = context.inflight();
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("otlp-" + context.id() + "-", 0).factory());
        try {
            if (grpcSettings.isPresent()) {
                ReceiverCounters counters = new ReceiverCounters(context.telemetry(), Transport.GRPC);
                grpc = new OtlpGrpcServer(grpcSettings.get(), intakes(counters), ledger, statuses, counters, executor);
                bind("OTLP/gRPC", grpcSettings.get().endpoint(), grpc::start);
            }
            if (httpSettings.isPresent()) {
                http = new OtlpHttpServer(httpSettings.get(), intakes(new ReceiverCounters(context.telemetry(), Transport.HTTP)),
                        ledger, statuses, executor, context.telemetry().counter("coral_receiver_refused_connections",
                                "Connections closed at once because max-connections were open.",
                                Map.of("transport", Transport.HTTP.label())));
                bind("OTLP/HTTP", httpSettings.get().endpoint(), http::start);
            }
        } catch (IOException | RuntimeException e) {
            close(Duration.ZERO);
            throw e;
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

    /** What is listening, for logs and status: "OTLP/gRPC on 127.0.0.1:4317 (TLS), OTLP/HTTP on ...". */
    public String describe() {
        List<String> bound = new ArrayList<>();
        grpcSettings.filter(s -> grpc != null).ifPresent(s -> bound.add(
                "OTLP/gRPC on " + s.endpoint().host() + ":" + grpc.port() + (s.tls().isPresent() ? " (TLS)" : "")));
        httpSettings.filter(s -> http != null).ifPresent(s -> bound.add(
                "OTLP/HTTP on " + s.endpoint().host() + ":" + http.port() + (s.tls().isPresent() ? " (TLS)" : "")));
        return String.join(", ", bound);
    }

    /**
     * Refuses new requests (UNAVAILABLE / 503), closes the listening sockets, waits up to
     * {@code timeout} for the requests in flight to be answered, then closes the connections.
     *
     * @return true when every request in flight was answered in time
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        InflightLedger ledger = context.inflight();
        ledger.close();
        if (grpc != null) {
            grpc.stopAccepting();
        }
        if (http != null) {
            http.stopAccepting();
        }
        boolean answered = ledger.awaitIdle(timeout);
        close(Duration.ofMillis(500));
        return answered;
    }

    private void close(Duration grace) {
        try {
            if (grpc != null) {
                grpc.close(grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (http != null) {
            http.close(grace);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private interface Binding {
        void run() throws Exception;
    }

    private static void bind(String transport, Endpoint endpoint, Binding start) throws IOException {
        try {
            start.run();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e.getMessage() != null && e.getMessage().startsWith("Failed to bind")
                    ? e.getCause() : e;
            throw new IOException(transport + " cannot listen on " + endpoint + ": " + cause.getMessage(), e);
        }
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

    /**
     * Which servers to run and how.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final ComponentContext context;
        private final Outputs outputs;
        private GrpcServerSettings grpc;
        private HttpServerSettings http;
        private Duration retryAfter = Duration.ofSeconds(1);

        private Builder(ComponentContext context, Outputs outputs) {
            this.context = Objects.requireNonNull(context);
            this.outputs = Objects.requireNonNull(outputs);
        }

        /** Serves OTLP/gRPC, unless {@code settings} say it is disabled. None by default. */
        public Builder grpc(GrpcServerSettings settings) {
            this.grpc = settings;
            return this;
        }

        /** Serves OTLP/HTTP, unless {@code settings} say it is disabled. None by default. */
        public Builder http(HttpServerSettings settings) {
            this.http = settings;
            return this;
        }

        /** The retry hint sent with refusals that carry none of their own; 1 s by default. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter);
            return this;
        }

        public OtlpServers build() {
            if ((grpc == null || !grpc.enabled()) && (http == null || !http.enabled())) {
                throw new IllegalStateException("neither OTLP/gRPC nor OTLP/HTTP is enabled");
            }
            return new OtlpServers(this);
        }
    }
}
