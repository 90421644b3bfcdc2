package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded queue refuses instead of growing; shutdown commits what was queued and refuses the
 * rest, and ends by its deadline even when the writer is busy.
 */
class QueueAndShutdownTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueRefusesAsOverloadedAndQueuedBatchesStillCommit() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "queue-size = 2, max-group = 1, ingest-log.enabled = false");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.writer().runOnWriter(conn -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        long now = System.currentTimeMillis() * 1_000_000L;
        CompletableFuture<Void> first = store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 3, now)).toCompletableFuture();
        CompletableFuture<Void> second = store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 3, now)).toCompletableFuture();
        CompletableFuture<Void> third = store.consumer(Signal.TRACES).consume(Batches.spans("svc", 3, 3, now)).toCompletableFuture();

        assertThat(third).as("refused at once, without waiting for the writer").isCompletedExceptionally();
        RefusedException refused = RefusedException.of(catchThrowable(third::join));
        assertThat(refused.reason()).isEqualTo(RefusedException.Reason.OVERLOADED);
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(refused.getMessage()).contains("queue is full");
        assertThat(context.telemetry().sum("coral_store_refused_batches")).isEqualTo(1);
        assertThat(context.telemetry().gauge("coral_store_queue_size")).isEqualTo(2);
        assertThat(context.telemetry().gauge("coral_store_commit_gathering")).as("a new writer commits eagerly first").isZero();
        AtomicBoolean converted = new AtomicBoolean();
        CompletableFuture<Void> fourth = store.writer().submit(() -> {
            converted.set(true);
            throw new AssertionError("converted although the queue is full");
        });
        assertThat(converted).as("a full queue refuses before the batch is converted").isFalse();
        assertThat(RefusedException.of(catchThrowable(fourth::join)).reason()).isEqualTo(RefusedException.Reason.OVERLOADED);

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 100).rows()).hasSize(6);
        assertThat(context.telemetry().sum("coral_store_commits")).as("max-group = 1").isEqualTo(2);
        TestStores.stop(store);
    }

    @Test
    void shutdownCommitsQueuedBatchesAndRefusesLaterOnes() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        long now = System.currentTimeMillis() * 1_000_000L;
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            acks.add(store.consumer(Signal.TRACES).consume(Batches.spans("svc", b, 10, now)).toCompletableFuture());
        }
        TestStores.stop(store);
        assertThat(acks).allSatisfy(a -> assertThat(a).isCompleted());
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        assertThat(TestStores.longs(dir.resolve("metrics.duckdb"), "SELECT count(*) FROM otel_spans_local"))
                .containsExactly(500L);

        CompletableFuture<Void> late = store.consumer(Signal.TRACES).consume(Batches.spans("svc", 99, 1, now)).toCompletableFuture();
        assertThat(RefusedException.of(catchThrowable(late::join)).reason()).isEqualTo(RefusedException.Reason.UNAVAILABLE);
    }

    @Test
    void shutdownEndsByItsDeadlineWhileTheWriterIsInALongStatement() throws Exception {
        // Batches that wait for their commit (the ingest log's own case is in IngestLogTest).
        DuckDbStore store = TestStores.start(TestStores.context(dir), "ingest-log.enabled = false");
        CountDownLatch running = new CountDownLatch(1);
        // A statement DuckDB needs minutes for, on the writer's connection: a writer busy past any deadline.
        CompletableFuture<Void> longStatement = store.writer().runOnWriter(conn -> {
            running.countDown();
            try (Statement s = conn.createStatement()) {
                s.execute("SELECT sum(i * i % 7) FROM range(1000000000000) t(i)");
            }
        });
        running.await();
        long now = System.currentTimeMillis() * 1_000_000L;
        CompletableFuture<Void> queued = store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 3, now))
                .toCompletableFuture();

        long start = System.nanoTime();
        store.shutdown(Deadline.after(Duration.ofSeconds(1)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // Before: the store waited up to 30 s for its writer, past the agent's whole shutdown-timeout.
        assertThat(tookMillis).as("shutdown with a 1 s deadline").isBetween(900L, 3000L);
        assertThat(catchThrowable(() -> longStatement.get(5, TimeUnit.SECONDS))).as("the statement was interrupted")
                .isInstanceOf(ExecutionException.class);
        assertThat(RefusedException.of(catchThrowable(() -> queued.get(5, TimeUnit.SECONDS))).reason())
                .as("the batch still queued is refused, for the client to retry").isEqualTo(RefusedException.Reason.UNAVAILABLE);
        // The database is closed: another process could open the file now.
        assertThat(TestStores.longs(dir.resolve("metrics.duckdb"), "SELECT count(*) FROM otel_spans_local"))
                .containsExactly(0L);
    }
}
