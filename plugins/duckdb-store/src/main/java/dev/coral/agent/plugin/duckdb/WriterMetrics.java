package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** The writer's self-telemetry ({@code /metrics}). */
final class WriterMetrics {
    /** From one fsync (a few ms) to a checkpoint wait (hundreds of ms) and trouble (seconds). */
    static final List<Double> ACK_WAIT_BOUNDS =
            List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    final Counter writtenSpans;
    final Counter writtenPoints;
    final Counter writtenSamples;
    final Counter writtenEbpfRows;
    final Counter writtenLogRecords;
    final Counter commits;
    final Counter failedBatches;
    final Counter writeErrors;
    final Counter refusedBatches;
    final Counter reopens;
    final Counter checkpoints;
    final Counter unkeptMetrics;
    /** Arrival to the answer per batch (the log's sync, or the commit); its percentiles are what a client waits. */
    final Histogram ackWait;
    final Counter logSyncs;
    final Counter logBytes;
    private volatile long lastCheckpointMillis;

    WriterMetrics(Telemetry t, IntSupplier queued, int capacity, java.util.function.BooleanSupplier gathering,
            java.util.function.LongSupplier pendingBytes) {
        writtenSpans = t.counter("coral_store_written_spans", "Spans committed to the store");
        writtenPoints = t.counter("coral_store_written_metric_points", "Metric points committed to the store");
        writtenSamples = t.counter("coral_store_written_profile_samples", "Profile stacks committed to the store");
        writtenEbpfRows = t.counter("coral_store_written_ebpf_rows",
                "eBPF rows (HTTP, gRPC, SQL RED and spans) committed to the beyla tables");
        writtenLogRecords = t.counter("coral_store_written_log_records", "Log records committed to the store");
        commits = t.counter("coral_store_commits", "Group commits (transactions), each holding one or more batches");
        failedBatches = t.counter("coral_store_failed_batches",
                "Batches that could not be stored (write error or bad data)");
        writeErrors = t.counter("coral_store_write_errors",
                "Transactions that failed (a batch's rows, the disk, the database)");
        refusedBatches = t.counter("coral_store_refused_batches", "Batches refused: the write queue was full, or no room among the batches not folded yet for 5 s");
        reopens = t.counter("coral_store_reopens", "Times the database was reopened after DuckDB invalidated it");
        checkpoints = t.counter("coral_store_checkpoints", "Checkpoints the writer ran (WAL folded into the file)");
        unkeptMetrics = t.counter("coral_store_unkept_metrics",
                "Metrics acknowledged but not stored: they carry no data (no OTLP point type)");
        ackWait = t.histogram("coral_store_ack_wait_seconds", "Time from a batch's arrival to its answer: its"
                + " ingest log sync, or its commit when the log does not hold it (_count: batches acknowledged)", Map.of(),
                ACK_WAIT_BOUNDS);
        logSyncs = t.counter("coral_store_log_syncs", "Ingest log writes, each one fdatasync for all the batches waiting");
        logBytes = t.counter("coral_store_log_bytes", "Bytes appended to the ingest log");
        t.gauge("coral_store_fold_pending_bytes", "Estimated heap held by acknowledged batches not folded into DuckDB"
                + " yet (bounded by ingest-log.max-pending)", Map.of(), pendingBytes::getAsLong);
        t.gauge("coral_store_queue_size", "Batches waiting for the writer (to fold, or to commit)", Map.of(), queued::getAsInt);
        t.gauge("coral_store_queue_capacity", "Write queue bound", Map.of(), () -> capacity);
        t.gauge("coral_store_commit_gathering", "1 while groups wait up to commit-delay for more batches, 0 while"
                + " they commit at once (the writer measures which serves the senders)", Map.of(),
                () -> gathering.getAsBoolean() ? 1 : 0);
        t.gauge("coral_store_last_checkpoint_ms", "Length of the last checkpoint (commits wait for it)", Map.of(),
                () -> lastCheckpointMillis);
    }

    void checkpointTook(long millis) {
        checkpoints.increment();
        lastCheckpointMillis = millis;
    }
}
