package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.concurrent.CompletableFuture;

/**
 * A batch waiting for the writer, in the form the writer appends it.
 *
 * @param arrivedNanos {@link System#nanoTime} when the consumer took it
 * @param done completes after the batch's commit, or fails with a RefusedException; null for a
 *     logged batch, which the {@link IngestLog} acknowledged already
 * @param lsn the batch's record in the ingest log, or 0 when the log does not hold it
 * @param pendingBytes what the batch holds in the heap until its fold, counted in the {@link PendingBudget}
 */
record PendingBatch(Content content, long arrivedNanos, CompletableFuture<Void> done, long lsn, long pendingBytes) {
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

    /** A batch whose sender waits for its commit ({@code done}). */
    static PendingBatch awaited(Content content, long arrivedNanos) {
        return new PendingBatch(content, arrivedNanos, new CompletableFuture<>(), 0, 0);
    }

    /** A batch the ingest log holds as record {@code lsn}: its sender has its answer already. */
    static PendingBatch logged(Content content, long arrivedNanos, long lsn, long pendingBytes) {
        return new PendingBatch(content, arrivedNanos, null, lsn, pendingBytes);
    }

    boolean isLogged() {
        return lsn > 0;
    }

    /** Rows the batch adds, roughly: what a fold counts towards {@code fold-rows}. */
    int rows() {
        return switch (content) {
            case Spans(SpanRows rows) -> rows.size();
            case Logs(LogRows rows) -> rows.size();
            case Metrics(ExportMetricsServiceRequest request, MetricPoints points) ->
                    Math.max(1, points.size());
            case Ebpf(EbpfRows rows) -> rows.httpCount() + rows.grpcCount() + rows.sqlCount() + rows.spanCount();
            case Profiles p -> 1;
        };
    }
}
