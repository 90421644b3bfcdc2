package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;

/**
 * What the writer appends for a batch of each signal: spans, logs, metric points and eBPF rows
 * become column values here, on the caller's thread, so the one writer thread only appends and
 * the conversion runs in parallel across receivers. Also for records of the ingest log read back
 * at start, with the time they first arrived.
 */
final class BatchContents {
    private final ValueLimits limits;
    private final ProcessServiceIndex processServices;

    BatchContents(ValueLimits limits, ProcessServiceIndex processServices) {
        this.limits = limits;
        this.processServices = processServices;
    }

    /** True for the signals the store keeps. */
    static boolean kept(Signal<?> signal) {
        return signal == Signal.TRACES || signal == Signal.METRICS || signal == Signal.LOGS
                || signal == Signal.PROFILES || signal == Signal.EBPF;
    }

    PendingBatch.Content of(Signal<?> signal, Object batch, long createdMicros) {
        if (signal == Signal.TRACES) {
            ExportTraceServiceRequest spans = Signal.TRACES.batchType().cast(batch);
            processServices.observe(spans);
            return new PendingBatch.Spans(new SpanConverter(limits).convert(spans, createdMicros));
        }
        if (signal == Signal.METRICS) {
            ExportMetricsServiceRequest request = Signal.METRICS.batchType().cast(batch);
            return new PendingBatch.Metrics(request, new MetricPointConverter(limits).convert(request, createdMicros));
        }
        if (signal == Signal.PROFILES) {
            return new PendingBatch.Profiles(Signal.PROFILES.batchType().cast(batch));
        }
        if (signal == Signal.EBPF) {
            return new PendingBatch.Ebpf(EbpfRows.of(Signal.EBPF.batchType().cast(batch), limits, createdMicros));
        }
        if (signal == Signal.LOGS) {
            return new PendingBatch.Logs(new LogConverter(limits).convert(Signal.LOGS.batchType().cast(batch),
                    createdMicros));
        }
        throw new IllegalArgumentException("the duckdb store does not keep " + signal);
    }

    /** A record of the ingest log read back: the same conversion, with the time it first arrived. */
    PendingBatch.Content ofRecord(Signal<?> signal, byte[] payload, long createdMicros) throws IOException {
        Object batch;
        if (signal == Signal.TRACES) {
            batch = ExportTraceServiceRequest.parseFrom(payload);
        } else if (signal == Signal.METRICS) {
            batch = ExportMetricsServiceRequest.parseFrom(payload);
        } else {
            batch = ExportLogsServiceRequest.parseFrom(payload);
        }
        return of(signal, batch, createdMicros);
    }
}
