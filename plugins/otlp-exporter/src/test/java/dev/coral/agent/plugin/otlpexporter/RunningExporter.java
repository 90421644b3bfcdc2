package dev.coral.agent.plugin.otlpexporter;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import dev.coral.agent.testkit.TestTelemetry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An exporter made by its factory from a config block, started as the runtime would, for tests. */
public final class RunningExporter implements AutoCloseable {
    private final TestComponentContext context;
    private final OtlpExporter exporter;
    public final BatchConsumer<ExportTraceServiceRequest> traces;
    public final BatchConsumer<ExportMetricsServiceRequest> metrics;
    public final BatchConsumer<ExportLogsServiceRequest> logs;

    private RunningExporter(ExporterFactory<ExporterConfig> factory, String hocon, Path dataDir) throws Exception {
        ExporterConfig config = TestConfigs.read(factory, hocon);
        String id = factory.type();
        context = TestComponentContext.builder(ComponentKind.EXPORTER, id).dataDir(dataDir).build();
        exporter = (OtlpExporter) factory.create(context, config);
        traces = exporter.consumer(Signal.TRACES);
        metrics = exporter.consumer(Signal.METRICS);
        logs = exporter.consumer(Signal.LOGS);
        exporter.start(new Host() {
            @Override
            public <Q> List<Q> capabilities(Class<Q> type) {
                return List.of();
            }
        });
    }

    public static RunningExporter grpc(String hocon, Path dataDir) throws Exception {
        return new RunningExporter(new OtlpExporterFactory().factory(), hocon, dataDir);
    }

    public static RunningExporter http(String hocon, Path dataDir) throws Exception {
        return new RunningExporter(new OtlpHttpExporterFactory().factory(), hocon, dataDir);
    }

    public TestTelemetry telemetry() {
        return context.telemetry();
    }

    public long counter(String name) {
        return context.telemetry().value(name);
    }

    public OtlpExporter exporter() {
        return exporter;
    }

    public TestComponentContext context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        exporter.shutdown(Deadline.after(Duration.ofSeconds(10)));
    }
}
