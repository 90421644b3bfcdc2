package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.testkit.TestComponentContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full disk: the data directory is a small tmpfs (needs root and permission to mount;
 * skipped otherwise). Writes fail with "No space left on device" (at COMMIT, and in the
 * checkpoints, which make DuckDB invalidate the instance so the store must reopen it); once the
 * tmpfs is grown, the store writes again, and every acked batch is there with dense seq ids.
 */
class DiskFullTest {
    private static final int SPANS = 200;

    @TempDir
    Path dir;

    private Path mount;
    private DuckDbStore store;

    @AfterEach
    void unmount() throws Exception {
        if (store != null) {
            TestStores.stop(store);
        }
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    @Test
    void writesFailWhileTheDiskIsFullAndResumeWhenThereIsSpace() throws Exception {
        mountTmpfs("3m");
        TestComponentContext context = TestStores.context(mount);
        // Acknowledged at the commit: the commits fail (the ingest log's full disk is in IngestLogTest).
        store = TestStores.start(context, "checkpoint-threshold = 256KiB, ingest-log.enabled = false");
        long now = System.currentTimeMillis() * 1_000_000L;

        Set<Long> acked = new HashSet<>();
        List<RefusedException> refusals = new ArrayList<>();
        long batch = writeUntilRefused(acked, refusals, now, 2000);
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.reason()).as("a full disk is the store's trouble: retry later (503 / UNAVAILABLE)")
                    .isEqualTo(RefusedException.Reason.UNAVAILABLE);
            assertThat(r.retryAfter()).isPresent();
        });
        List<String> errors = refusals.stream().map(RefusedException::getMessage).toList();
        assertThat(errors).allSatisfy(m -> assertThat(m).startsWith("duckdb store could not write " + mount.resolve("metrics.duckdb"))
                .contains("No space left on device").as(m));
        assertThat(context.reports().getLast().health()).isEqualTo(StatusReporter.Health.DEGRADED);
        assertThat(acked).as("some batches fit before").isNotEmpty();
        assertThat(context.telemetry().sum("coral_store_failed_batches")).isEqualTo(5);

        assertThat(run("mount", "-o", "remount,size=64m", mount.toString())).isZero();
        long[] next = {writeUntilAcked(acked, batch, now)};
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", next[0] + 1, SPANS, now)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        acked.add(next[0] + 1);
        next[0]++;
        // The failed checkpoint is retried on its backoff (5 s); health is OK only once it worked.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            next[0]++;
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", next[0], SPANS, now)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            acked.add(next[0]);
            return context.reports().getLast().health() == StatusReporter.Health.OK;
        });

        Set<String> stored = new HashSet<>(TestStores.strings(store, "SELECT span_id FROM otel_spans_local"));
        for (long b : acked) {
            assertThat(stored).as("acked batch %d", b).containsAll(Batches.spanIds(b, SPANS));
        }
        assertThat(stored).hasSize(acked.size() * SPANS);
        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo((long) acked.size() * SPANS));
    }

    /**
     * The same with the ingest log: its appends fail (or, while folds fail, its budget fills), the
     * senders are refused retryably, and every batch it acknowledged is folded once there is room.
     */
    @Test
    void withTheIngestLogRefusalsAreRetryableAndEveryAcknowledgedBatchLands() throws Exception {
        mountTmpfs("3m");
        TestComponentContext context = TestStores.context(mount);
        store = TestStores.start(context, "checkpoint-threshold = 256KiB, ingest-log { segment-size = 256KiB,"
                + " fold-interval = 20ms }");
        long now = System.currentTimeMillis() * 1_000_000L;
        Set<Long> acked = new HashSet<>();
        List<RefusedException> refusals = new ArrayList<>();
        long batch = writeUntilRefused(acked, refusals, now, 5000);
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.reason()).as(r.getMessage()).isIn(RefusedException.Reason.UNAVAILABLE,
                    RefusedException.Reason.OVERLOADED);
            assertThat(r.retryAfter()).as("a retry hint: the sender keeps the data").isPresent();
        });
        assertThat(acked).as("some batches fit before").isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(
                () -> context.reports().getLast().health() == StatusReporter.Health.DEGRADED);

        assertThat(run("mount", "-o", "remount,size=64m", mount.toString())).isZero();
        writeUntilAcked(acked, batch, now);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> context.reports().getLast().health() == StatusReporter.Health.OK);

        Set<String> stored = new HashSet<>(TestStores.strings(store, "SELECT span_id FROM otel_spans_local"));
        for (long b : acked) {
            assertThat(stored).as("acked batch %d", b).containsAll(Batches.spanIds(b, SPANS));
        }
        assertThat(TestStores.longs(store, "SELECT count(*) FROM otel_spans_local"))
                .as("each once").containsExactly((long) stored.size());
        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(stored.size()));
    }

    @Test
    void startingOnAFullDiskNamesTheFile() throws Exception {
        mountTmpfs("1m");
        try (var out = Files.newOutputStream(mount.resolve("filler"))) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full now
        }
        TestComponentContext context = TestStores.context(mount);
        assertThatThrownBy(() -> store = TestStores.start(context, ""))
                .hasMessageContaining("cannot open " + mount.resolve("metrics.duckdb"));
    }

    /** Writes batch after batch until five are refused (asserted), at most {@code max}; returns the last batch number. */
    private long writeUntilRefused(Set<Long> acked, List<RefusedException> refusals, long now, int max)
            throws Exception {
        long batch = 0;
        while (refusals.size() < 5 && batch < max) {
            batch++;
            try {
                write(batch, now);
                acked.add(batch);
            } catch (ExecutionException e) {
                refusals.add(RefusedException.of(e));
            }
        }
        assertThat(refusals).as("the disk filled up").hasSize(5);
        return batch;
    }

    /** Writes the batches after {@code last} until one is acknowledged (within 30 s); returns its number. */
    private long writeUntilAcked(Set<Long> acked, long last, long now) {
        long[] next = {last};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            next[0]++;
            try {
                write(next[0], now);
                acked.add(next[0]);
                return true;
            } catch (ExecutionException e) {
                return false;
            }
        });
        return next[0];
    }

    private void write(long batch, long now) throws Exception {
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", batch, SPANS, now)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** Makes {@code mount} a tmpfs of this size; skips the test where mounting is not allowed. */
    private void mountTmpfs(String size) throws Exception {
        Path target = Files.createDirectories(dir.resolve("tmpfs"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", target.toString()) == 0,
                "cannot mount a tmpfs here (needs root)");
        mount = target;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
