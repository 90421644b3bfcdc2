package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.SpanQueries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real child JVM writes through the store and is killed with SIGKILL: every acked span must be
 * in the file after a restart, exactly once, with dense seq ids, and writing continues after it.
 */
class CrashDurabilityTest {
    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAckedSpanSurvivesSigkill() throws Exception {
        crashAndCheck("", false);
    }

    /** Killed inside a fold of the ingest log into DuckDB: the fold's batches come back once, from the log. */
    @Test
    void everyAckedSpanIsStoredOnceAfterAKillMidFold() throws Exception {
        // Folds of 1,000 batches (20,000 rows): the first starts after ~1,000 acks, the kill lands in the second.
        crashAndCheck("ingest-log { fold-rows = 20000, fold-interval = 10s }", true);
    }

    /** With the ingest log off: acks wait for DuckDB's commit, which must be as durable. */
    @Test
    void everyAckedSpanSurvivesSigkillWithoutTheIngestLog() throws Exception {
        crashAndCheck("ingest-log.enabled = false", false);
    }

    private void crashAndCheck(String config, boolean killMidWrite) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Set<Long> acked = new HashSet<>();
        List<String> failures = new ArrayList<>();
        Process child = startChild(data, 1, config);
        // Never hang the build on a child that does not ack.
        Thread watchdog = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                if (!child.waitFor(90, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int writesSeen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ACK ")) {
                    acked.add(Long.parseLong(line.substring(4)));
                    if (!killMidWrite && acked.size() == ACKS_BEFORE_KILL) {
                        kill(child);
                    }
                } else if (line.equals("WRITING") && killMidWrite && acked.size() >= ACKS_BEFORE_KILL) {
                    writesSeen++;
                    if (writesSeen == 2) {
                        kill(child);
                    }
                } else if (line.startsWith("FAIL ")) {
                    failures.add(line);
                }
            }
        }
        child.waitFor(30, TimeUnit.SECONDS);
        watchdog.interrupt();
        assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9); stderr: %s", stderr())
                .isEqualTo(137);
        assertThat(failures).isEmpty();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        Path file = data.resolve("metrics.duckdb");
        if (killMidWrite) {
            assertThat(TestStores.longs(file, "SELECT count(*) FROM otel_spans_local").getFirst())
                    .as("the fold the kill interrupted left nothing: its acked batches are in the log only")
                    .isLessThan((long) acked.size() * CrashWriter.SPANS);
        }
        // Restart: the store folds what its ingest log acknowledged and DuckDB did not hold yet.
        DuckDbStore restarted = TestStores.start(TestStores.context(data), config);
        TestStores.stop(restarted);
        Set<String> stored = new HashSet<>(TestStores.strings(file, "SELECT span_id FROM otel_spans_local"));
        List<String> missing = new ArrayList<>();
        for (long batch : acked) {
            for (String id : Batches.spanIds(batch, CrashWriter.SPANS)) {
                if (!stored.contains(id)) {
                    missing.add(batch + "/" + id);
                }
            }
        }
        assertThat(missing).as("acked spans missing after SIGKILL").isEmpty();
        long rows = TestStores.longs(file, "SELECT count(*) FROM otel_spans_local").getFirst();
        assertThat(rows).as("each span stored once").isEqualTo(stored.size());
        assertThat(rows % CrashWriter.SPANS).as("only whole batches are stored").isZero();
        assertThat(TestStores.longs(file, "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .as("dense seq ids after the crash").isEqualTo(TestStores.oneTo(rows));

        // The agent starts again on the crashed file and continues the sequence.
        DuckDbStore store = TestStores.start(TestStores.context(data), config);
        store.consumer(Signal.TRACES).consume(Batches.spans("after", 1_000_000, 3, System.currentTimeMillis() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(rows, List.of(), 10).rows())
                .extracting(r -> r.seqId()).containsExactly(rows + 1, rows + 2, rows + 3);
        TestStores.stop(store);
    }

    /**
     * SIGKILL (no shutdown hook, no checkpoint, no close). Through the handle: Process.destroyForcibly
     * would also close our end of its stdout and lose acks printed just before.
     */
    private static void kill(Process child) {
        child.toHandle().destroyForcibly();
    }

    private Process startChild(Path data, long firstBatch, String config) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // Its temp dir in the test's: the DuckDB driver copies its 71 MB library there, and a killed JVM leaves it.
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), data.toString(), Long.toString(firstBatch), config)
                .redirectError(dir.resolve("child-stderr.txt").toFile())
                .start();
    }

    private String stderr() throws IOException {
        Path err = dir.resolve("child-stderr.txt");
        return Files.exists(err) ? Files.readString(err) : "";
    }
}
