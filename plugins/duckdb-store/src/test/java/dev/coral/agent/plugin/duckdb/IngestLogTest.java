package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest log as the store's durability point: batches are acknowledged once the log has them
 * on disk, folded into DuckDB in large transactions, seen by every query issued after their
 * acknowledgement, kept through a store that cannot write, and replayed at the next start.
 */
class IngestLogTest {
    private static final int CLIENTS = 8;
    private static final int BATCHES_PER_CLIENT = 50;
    private static final int SPANS = 10;

    @TempDir
    Path dir;

    @Test
    void acknowledgedByTheLogFoldedInFewTransactionsAndSeenByTheNextQuery() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "ingest-log.fold-interval = 10s");
        try {
            BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
            List<CompletableFuture<Void>> acks = Batches.sendConcurrently(consumer, CLIENTS, BATCHES_PER_CLIENT, SPANS);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            int batches = CLIENTS * BATCHES_PER_CLIENT;
            assertThat(context.telemetry().sum("coral_store_commits"))
                    .as("acknowledged before any fold: the fold interval is 10 s").isZero();
            assertThat(context.telemetry().sum("coral_store_log_syncs")).as("one sync serves many batches")
                    .isPositive().isLessThan(batches);
            assertThat(context.telemetry().histogram("coral_store_ack_wait_seconds", java.util.Map.of()).count())
                    .isEqualTo(batches);
            assertThat(Files.list(dir.resolve("metrics.duckdb.ingest"))).isNotEmpty();

            // A query waits for the fold of what was acknowledged before it, rather than the interval.
            long start = System.nanoTime();
            List<SpanRow> rows = store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10_000).rows();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("not the 10 s interval").isLessThan(5);
            assertThat(rows).extracting(SpanRow::seqId).isEqualTo(TestStores.oneTo((long) batches * SPANS));
            assertThat(context.telemetry().sum("coral_store_commits")).as("one fold, or a few").isBetween(1L, 3L);
            assertThat(context.telemetry().sum("coral_store_written_spans")).isEqualTo((long) batches * SPANS);
            assertThat(context.telemetry().sum("coral_store_fold_pending_bytes")).isZero();
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void aFoldTheStoreCannotWriteIsKeptAndLandsOnceItCan() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "ingest-log.fold-interval = 50ms");
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            ack(store, Batches.spans("svc", 1, 4, now));
            store.checkpointNow();
            Path wal = dir.resolve("metrics.duckdb.wal");
            Files.createDirectory(wal); // DuckDB cannot write its WAL: every commit fails

            ack(store, Batches.spans("svc", 2, 4, now)); // still acknowledged: the log has it
            await().atMost(Duration.ofSeconds(10)).until(() -> context.telemetry().sum("coral_store_write_errors") > 0);
            assertThat(context.reports().getLast().health()).isEqualTo(Health.DEGRADED);
            assertThat(context.reports().getLast().message()).contains("Is a directory");

            Files.delete(wal);
            ack(store, Batches.spans("svc", 3, 4, now));
            List<SpanRow> rows = store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 100).rows();
            assertThat(rows).extracting(SpanRow::seqId).as("every acknowledged batch, in order, no gap")
                    .isEqualTo(TestStores.oneTo(12));
            assertThat(rows).extracting(SpanRow::traceId)
                    .containsOnly(Batches.traceId(1), Batches.traceId(2), Batches.traceId(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> context.reports().getLast().health() == Health.OK);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void whatTheWriterDidNotFoldByTheShutdownDeadlineIsFoldedAtTheNextStart() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        CountDownLatch running = new CountDownLatch(1);
        // A statement DuckDB needs minutes for, on the writer's connection: a writer busy past any deadline.
        store.writer().runOnWriter(conn -> {
            running.countDown();
            try (Statement s = conn.createStatement()) {
                s.execute("SELECT sum(i * i % 7) FROM range(1000000000000) t(i)");
            }
        });
        running.await();
        ack(store, Batches.spans("svc", 1, 3, System.currentTimeMillis() * 1_000_000L));
        store.shutdown(Deadline.after(Duration.ofSeconds(1)));
        assertThat(TestStores.longs(dir.resolve("metrics.duckdb"), "SELECT count(*) FROM otel_spans_local"))
                .as("not folded before the deadline").containsExactly(0L);

        // A torn record at the end of the log, as a crash in the middle of an append leaves it.
        Path segment;
        try (var segments = Files.list(dir.resolve("metrics.duckdb.ingest"))) {
            segment = segments.sorted().toList().getLast();
        }
        long end = recordsEnd(segment);
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3}), end);
        }

        store = TestStores.start(TestStores.context(dir), "");
        try {
            assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10).rows())
                    .extracting(SpanRow::spanId).as("replayed from the log, once")
                    .containsExactlyInAnyOrderElementsOf(Batches.spanIds(1, 3));
            assertThat(segment).as("replayed, so deleted (LogSegmentsTest: a torn record is cut)").doesNotExist();
            ack(store, Batches.spans("svc", 2, 2, System.currentTimeMillis() * 1_000_000L));
            assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(3, List.of(), 10).rows())
                    .extracting(SpanRow::seqId).containsExactly(4L, 5L);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void pastMaxPendingBatchesWaitForAFoldAndAreRefusedRetryablyAfterFiveSeconds() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "ingest-log { max-pending = 1MiB, fold-interval = 10s }");
        try {
            CountDownLatch release = holdTheWriter(store);
            long now = System.currentTimeMillis() * 1_000_000L;
            BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
            CompletableFuture<Void> waiting = null;
            int acked = 0;
            for (int b = 1; b <= 1000 && waiting == null; b++) {
                CompletableFuture<Void> ack = consumer.consume(Batches.spans("svc", b, 100, now)).toCompletableFuture();
                try {
                    ack.get(2, TimeUnit.SECONDS);
                    acked++;
                } catch (java.util.concurrent.TimeoutException e) {
                    waiting = ack; // no room: it waits for a fold rather than being refused
                }
            }
            assertThat(waiting).as("the budget filled up").isNotNull();
            assertThat(acked).isPositive();
            release.countDown();
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 100_000).rows())
                    .as("every batch, the one that waited too").hasSize((acked + 1) * 100);

            // A writer that cannot fold for longer: the waiting batch is refused, retryably (429 / RESOURCE_EXHAUSTED).
            CountDownLatch again = holdTheWriter(store);
            Throwable refused = null;
            for (int b = 2000; b <= 3000 && refused == null; b++) {
                try {
                    ack(store, Batches.spans("svc", b, 100, now));
                } catch (java.util.concurrent.ExecutionException e) {
                    refused = e;
                }
            }
            again.countDown();
            var r = dev.coral.agent.api.RefusedException.of(refused);
            assertThat(r.reason()).isEqualTo(dev.coral.agent.api.RefusedException.Reason.OVERLOADED);
            assertThat(r.retryAfter()).isPresent();
            assertThat(r.getMessage()).contains("ingest-log.max-pending");
        } finally {
            TestStores.stop(store);
        }
    }

    /** Where the records of {@code segment} end: its first zero length (segments are filled with zeros first). */
    private static long recordsEnd(Path segment) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = 0;
        while (b.getInt(at) != 0) {
            at += LogSegments.HEADER + b.getInt(at);
        }
        return at;
    }

    /** Keeps the writer busy until the latch opens: nothing is folded meanwhile. */
    private static CountDownLatch holdTheWriter(DuckDbStore store) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.writer().runOnWriter(conn -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        return release;
    }

    private static void ack(DuckDbStore store, ExportTraceServiceRequest batch) throws Exception {
        store.consumer(Signal.TRACES).consume(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
