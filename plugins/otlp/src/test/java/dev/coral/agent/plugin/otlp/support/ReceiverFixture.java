package dev.coral.agent.plugin.otlp.support;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.otlp.OtlpReceiver;
import dev.coral.agent.plugin.otlp.OtlpReceiverFactory;
import dev.coral.agent.plugin.otlp.config.OtlpReceiverConfig;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An otlp receiver started through its factory on 127.0.0.1 ephemeral ports, with capturing
 * consumers for the signals asked for.
 */
public final class ReceiverFixture implements AutoCloseable {
    public final TestComponentContext context;
    public final OtlpReceiver receiver;
    public final CapturingConsumer<ExportTraceServiceRequest> traces = new CapturingConsumer<>();
    public final CapturingConsumer<ExportMetricsServiceRequest> metrics = new CapturingConsumer<>();
    public final CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>();
    private boolean stopped;

    private ReceiverFixture(String extraConfig, List<Signal<?>> signals, long budgetBytes) throws Exception {
        Path dir = Files.createTempDirectory("otlp-test");
        context = TestComponentContext.builder(ComponentKind.RECEIVER, "otlp").dataDir(dir).inflightLimit(budgetBytes).build();
        String hocon = "grpc.endpoint = \"127.0.0.1:0\"\nhttp.endpoint = \"127.0.0.1:0\"\n" + extraConfig;
        var factory = new OtlpReceiverFactory().factory();
        OtlpReceiverConfig config = TestConfigs.read(factory, hocon);
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
        receiver = (OtlpReceiver) factory.create(context, config, new Outputs(consumers));
        receiver.start(new Host() {
            @Override
            public <Q> List<Q> capabilities(Class<Q> type) {
                return List.of();
            }
        });
    }

    public static ReceiverFixture start() throws Exception {
        return start("");
    }

    public static ReceiverFixture start(String extraConfig) throws Exception {
        return new ReceiverFixture(extraConfig, List.of(Signal.TRACES, Signal.METRICS, Signal.LOGS), 512L << 20);
    }

    public static ReceiverFixture start(String extraConfig, List<Signal<?>> signals, long budgetBytes) throws Exception {
        return new ReceiverFixture(extraConfig, signals, budgetBytes);
    }

    public int grpcPort() {
        return receiver.grpcPort();
    }

    public int httpPort() {
        return receiver.httpPort();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** A counter the receiver keeps per transport ({@code grpc} or {@code http}). */
    public long counter(String name, String transport) {
        return context.telemetry().value(name, Map.of("transport", transport));
    }

    /** Shuts the receiver down (what the runtime does at exit). */
    public void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            receiver.shutdown();
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
