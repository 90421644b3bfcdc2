package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real I/O failure: after a checkpoint removed the WAL, a directory takes its place, so
 * DuckDB cannot open the WAL at COMMIT ("Is a directory"), as with an unwritable data
 * directory. The batches fail with the cause, are counted, use no seq id, and writing resumes
 * once the directory is gone. ({@link DiskFullTest} does the same with a really full disk.)
 */
class WriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void aFailedCommitFailsTheBatchClearlyAndTheStoreRecovers() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        // Acknowledged at the commit: a failed commit fails the batch (with the ingest log, IngestLogTest).
        DuckDbStore store = TestStores.start(context, "ingest-log.enabled = false");
        long now = System.currentTimeMillis() * 1_000_000L;
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 4, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.checkpointNow();
        Path wal = dir.resolve("metrics.duckdb.wal");
        assertThat(wal).doesNotExist();
        Files.createDirectory(wal);

        Throwable failure = catchThrowable(() -> store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 4, now))
                .toCompletableFuture().get(30, TimeUnit.SECONDS));
        RefusedException refused = RefusedException.of(failure);
        assertThat(refused.reason()).as("the store's trouble, not the data's: retryable")
                .isEqualTo(RefusedException.Reason.UNAVAILABLE);
        assertThat(refused.retryAfter()).isPresent();
        assertThat(refused.getMessage()).startsWith("duckdb store could not write " + dir.resolve("metrics.duckdb") + ": ")
                .contains("metrics.duckdb.wal").contains("Is a directory");
        assertThat(context.telemetry().sum("coral_store_failed_batches")).isEqualTo(1);
        assertThat(context.telemetry().sum("coral_store_write_errors")).isEqualTo(1);
        assertThat(context.reports().getLast().health()).isEqualTo(Health.DEGRADED);
        assertThat(context.reports().getLast().message()).contains("Is a directory");
        SpanQueries spans = store.capability(SpanQueries.class).orElseThrow();
        assertThat(spans.spansSince(0, List.of(), 100).rows()).as("reads go on meanwhile").hasSize(4);

        Files.delete(wal);
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 3, 4, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(context.reports().getLast().health()).isEqualTo(Health.OK);
        List<SpanRow> rows = spans.spansSince(0, List.of(), 100).rows();
        assertThat(rows).extracting(SpanRow::seqId).as("no gap where the failed batch was").isEqualTo(TestStores.oneTo(8));
        assertThat(rows).extracting(SpanRow::traceId).containsOnly(Batches.traceId(1), Batches.traceId(3));
        TestStores.stop(store);

        assertThat(TestStores.longs(dir.resolve("metrics.duckdb"), "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .as("and on disk after restart").isEqualTo(TestStores.oneTo(8));
    }
}
