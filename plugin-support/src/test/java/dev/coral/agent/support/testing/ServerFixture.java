package dev.coral.agent.support.testing;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.net.Endpoint;
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
 * {@code grpc} and {@code http}, and {@code retry-after}, {@code shutdown-timeout}.
 */
public final class ServerFixture implements AutoCloseable {
    public final TestComponentContext context;
    public final OtlpServers servers;
    public final CapturingConsumer<ExportTraceServiceRequest> traces = new CapturingConsumer<>();
    public final CapturingConsumer<ExportMetricsServiceRequest> metrics = new CapturingConsumer<>();
    public final CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>();
    private final Duration shutdownTimeout;
    private boolean stopped;

    private ServerFixture(String extraConfig, List<Signal<?>> signals, long budgetBytes) throws Exception {
        context = TestComponentContext.builder(ComponentKind.RECEIVER, "otlp").inflightLimit(budgetBytes).build();
        Settings settings = Settings.of(ConfigFactory.parseString(extraConfig), "receivers.otlp", "test.conf");
        Endpoint anyPort = new Endpoint("127.0.0.1", 0);
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
        servers = OtlpServers.builder(context, new Outputs(consumers))
                .grpc(GrpcServerSettings.read(settings.section("grpc"), GrpcServerSettings.defaults(anyPort)))
                .http(HttpServerSettings.read(settings.section("http"), HttpServerSettings.defaults(anyPort)))
                .retryAfter(settings.duration("retry-after", Duration.ofSeconds(1)))
                .build();
        shutdownTimeout = settings.duration("shutdown-timeout", Duration.ofSeconds(10));
        servers.start();
    }

    public static ServerFixture start() throws Exception {
        return start("");
    }

    public static ServerFixture start(String extraConfig) throws Exception {
        return new ServerFixture(extraConfig, List.of(Signal.TRACES, Signal.METRICS, Signal.LOGS), 512L << 20);
    }

    public static ServerFixture start(String extraConfig, List<Signal<?>> signals, long budgetBytes) throws Exception {
        return new ServerFixture(extraConfig, signals, budgetBytes);
    }

    public int grpcPort() {
        return servers.grpcPort();
    }

    public int httpPort() {
        return servers.httpPort();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** A counter the servers keep per transport ({@code grpc} or {@code http}). */
    public long counter(String name, String transport) {
        return context.telemetry().value(name, Map.of("transport", transport));
    }

    /** Shuts the servers down, as a receiver does at exit. */
    public void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            servers.shutdown(shutdownTimeout);
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
