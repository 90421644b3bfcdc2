package dev.coral.agent.api;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.profile.ProfileBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.Optional;

/**
 * A kind of telemetry that flows through a pipeline, typed by the batch it carries.
 *
 * <p>Traces, metrics and logs are OTLP export requests, as the OpenTelemetry Collector's pdata:
 * receivers, processors and stores pass the same messages on without conversion.
 *
 * @param <T> the batch type of this signal
 *
 * @since 0.1.0
 */
public final class Signal<T> {
    public static final Signal<ExportTraceServiceRequest> TRACES =
            new Signal<>("traces", ExportTraceServiceRequest.class);
    public static final Signal<ExportMetricsServiceRequest> METRICS =
            new Signal<>("metrics", ExportMetricsServiceRequest.class);
    public static final Signal<ExportLogsServiceRequest> LOGS =
            new Signal<>("logs", ExportLogsServiceRequest.class);
    public static final Signal<ProfileBatch> PROFILES =
            new Signal<>("profiles", ProfileBatch.class);
    /** eBPF auto-instrumentation (Beyla) RED metrics and traces, mapped to rows by their receiver. */
    public static final Signal<EbpfBatch> EBPF = new Signal<>("ebpf", EbpfBatch.class);

    private static final List<Signal<?>> ALL = List.of(TRACES, METRICS, LOGS, PROFILES, EBPF);

    private final String name;
    private final Class<T> batchType;

    private Signal(String name, Class<T> batchType) {
        this.name = name;
        this.batchType = batchType;
    }

    /** Every signal, in a stable order. */
    public static List<Signal<?>> all() {
        return ALL;
    }

    /** The signal with this name ({@code traces}, {@code metrics}, {@code logs}, {@code profiles}, {@code ebpf}). */
    public static Optional<Signal<?>> byName(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    public String name() {
        return name;
    }

    public Class<T> batchType() {
        return batchType;
    }

    @Override
    public String toString() {
        return name;
    }
}
