package dev.coral.agent.support.testing;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.otlp.GrpcServerSettings;
import dev.coral.agent.support.otlp.HttpServerSettings;
import dev.coral.agent.support.otlp.OtlpServers;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTLP servers started on 127.0.0.1 ephemeral ports, with capturing consumers for the
 * signals asked for. Settings come as HOCON, as a receiver's block would give them: sections
 * {@code grpc} and {@code http}, and {@code retry-after}, {@code shutdown-timeout}. A plugin's
 * tests may start its own receiver instead, with a {@link Launcher}.
 */
public final class ServerFixture implements AutoCloseable {
    /** What a fixture starts, from its context, its settings and its capturing outputs. */
    @FunctionalInterface
    public interface Launcher {
        Running launch(TestComponentContext context, Settings settings, Outputs outputs) throws Exception;
    }

    /** Started servers: their ports, and how to shut them down. */
    public interface Running {
        int grpcPort();

        int httpPort();

        void stop() throws Exception;
    }

    public final TestComponentContext context;
    public final CapturingConsumer<ExportTraceServiceRequest> traces = new CapturingConsumer<>();
    public final CapturingConsumer<ExportMetricsServiceRequest> metrics = new CapturingConsumer<>();
    public final CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>();
    private final Running running;
    private boolean stopped;

    private ServerFixture(String extraConfig, List<Signal<?>> signals, long budgetBytes, Launcher launcher)
            throws Exception {
        context = TestComponentContext.builder(ComponentKind.RECEIVER, "otlp").inflightLimit(budgetBytes).build();
        String hocon = "grpc.endpoint = \"127.0.0.1:0\"\nhttp.endpoint = \"127.0.0.1:0\"\n" + extraConfig;
        Settings settings = Settings.of(ConfigFactory.parseString(hocon), "receivers.otlp", "test.conf");
        Map<Signal<?>, BatchConsumer<?>> consumers = new HashMap<>();
        if (signals.contains(Signal.TRACES)) {
            consumers.put(Signal.TRACES, traces);
        }
        if (signals.contains(Signal.METRICS)) {
            consumers.put(Signal.METRICS, metrics);
        }
        if (signals.contains(Signal.LOGS)) {
            consumers.put(Signal.LOGS, logs);
        }
        running = launcher.launch(context, settings, new Outputs(consumers));
    }

    public static ServerFixture start() throws Exception {
        return start("");
    }

    public static ServerFixture start(String extraConfig) throws Exception {
        return start(extraConfig, List.of(Signal.TRACES, Signal.METRICS, Signal.LOGS), 512L << 20);
    }

    public static ServerFixture start(String extraConfig, List<Signal<?>> signals, long budgetBytes) throws Exception {
        return new ServerFixture(extraConfig, signals, budgetBytes, ServerFixture::servers);
    }

    /** Starts what {@code launcher} makes, with the capturing consumers of {@code signals}. */
    public static ServerFixture start(String extraConfig, List<Signal<?>> signals, long budgetBytes, Launcher launcher)
            throws Exception {
        return new ServerFixture(extraConfig, signals, budgetBytes, launcher);
    }

    /** plugin-support's servers alone, as a receiver would run them. */
    private static Running servers(TestComponentContext context, Settings settings, Outputs outputs) throws Exception {
        Endpoint anyPort = new Endpoint("127.0.0.1", 0);
        OtlpServers servers = OtlpServers.builder(context, outputs)
                .grpc(GrpcServerSettings.read(settings.section("grpc"), GrpcServerSettings.defaults(anyPort)))
                .http(HttpServerSettings.read(settings.section("http"), HttpServerSettings.defaults(anyPort)))
                .retryAfter(settings.duration("retry-after", Duration.ofSeconds(1)))
                .build();
        Duration shutdownTimeout = settings.duration("shutdown-timeout", Duration.ofSeconds(10));
        servers.start();
        return new Running() {
            @Override
            public int grpcPort() {
                return servers.grpcPort();
            }

            @Override
            public int httpPort() {
                return servers.httpPort();
            }

            @Override
            public void stop() throws Exception {
                servers.shutdown(shutdownTimeout);
            }
        };
    }

    public int grpcPort() {
        return running.grpcPort();
    }

    public int httpPort() {
        return running.httpPort();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort();
    }

    /**
     * For a fixture shared by tests: traces kept, refused or held by none, the previous test's
     * reservations returned (a ticket closes a moment after its client has the answer), and the
     * bound back to 512 MiB.
     */
    public void resetTraces() {
        try {
            if (!context.inflight().awaitIdle(Duration.ofSeconds(10))) {
                throw new IllegalStateException("a previous test left reservations open: " + context.inflight().open());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        traces.batches().clear();
        traces.refuseWith(null);
        traces.hold(false);
        context.inflight().setLimit(512L << 20);
    }

    /** A counter the servers keep per transport ({@code grpc} or {@code http}). */
    public long counter(String name, String transport) {
        return context.telemetry().value(name, Map.of("transport", transport));
    }

    /** Shuts the servers down, as a receiver does at exit. */
    public void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            running.stop();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            traces.close();
            metrics.close();
            logs.close();
        }
    }
}
