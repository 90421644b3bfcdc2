package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.Map;
import java.util.function.IntSupplier;

/** The writer's self-telemetry ({@code /metrics}). */
final class WriterMetrics {
    final Counter writtenSpans;
    final Counter writtenPoints;
    final Counter writtenSamples;
    final Counter commits;
    final Counter failedBatches;
    final Counter writeErrors;
    final Counter refusedBatches;
    final Counter reopens;
    final Counter checkpoints;
    final Counter unkeptMetrics;
    final Counter ackedBatches;
    final Counter ackWaitMicros;
    private volatile long lastCheckpointMillis;

    WriterMetrics(Telemetry t, IntSupplier queued, int capacity, java.util.function.BooleanSupplier gathering) {
        writtenSpans = t.counter("coral_store_written_spans", "Spans committed to the store");
        writtenPoints = t.counter("coral_store_written_metric_points", "Metric points committed to the store");
        writtenSamples = t.counter("coral_store_written_profile_samples", "Profile stacks committed to the store");
        commits = t.counter("coral_store_commits", "Group commits (transactions), each holding one or more batches");
        failedBatches = t.counter("coral_store_failed_batches",
                "Batches that could not be stored (write error or bad data)");
        writeErrors = t.counter("coral_store_write_errors",
                "Transactions that failed (a batch's rows, the disk, the database)");
        refusedBatches = t.counter("coral_store_refused_batches", "Batches refused because the write queue was full");
        reopens = t.counter("coral_store_reopens", "Times the database was reopened after DuckDB invalidated it");
        checkpoints = t.counter("coral_store_checkpoints", "Checkpoints the writer ran (WAL folded into the file)");
        unkeptMetrics = t.counter("coral_store_unkept_metrics",
                "Metrics acknowledged but not stored: no table keeps them (only system.* gauges and sums are kept)");
        ackedBatches = t.counter("coral_store_acked_batches", "Batches committed and acknowledged");
        ackWaitMicros = t.counter("coral_store_ack_wait_microseconds",
                "Sum over acknowledged batches of the time from arrival to commit"
                        + " (divided by the acked batches: the mean)");
        t.gauge("coral_store_queue_size", "Batches waiting for the writer", Map.of(), queued::getAsInt);
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
