package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A batch waiting for the writer, in the form the writer appends it.
 *
 * @param arrivedNanos {@link System#nanoTime} when the consumer took it
 * @param done completes after the batch's commit, or fails with a RefusedException
 */
record PendingBatch(Content content, long arrivedNanos, CompletableFuture<Void> done) {
    /** What the writer appends: one kind per signal the store keeps. */
    sealed interface Content permits Spans, Metrics, Profiles, Ebpf, Logs {}

    /** Spans, already rows: converted on the caller's thread, so the one writer thread only appends. */
    record Spans(SpanRows rows) implements Content {}

    /**
     * Metrics: host metrics as received ({@link MetricAppender} reads them straight into the
     * appender), application metric points made ready on the caller's thread, as spans are.
     */
    record Metrics(ExportMetricsServiceRequest request, MetricPoints points) implements Content {}

    /** Profiles as received: {@link ProfileAppender} reads them straight into the appenders. */
    record Profiles(ProfileBatch batch) implements Content {}

    /** eBPF rows for the beyla tables, made ready on the caller's thread as spans are. */
    record Ebpf(EbpfRows rows) implements Content {}

    /** Log records, already rows as spans are. */
    record Logs(LogRows rows) implements Content {}
}
