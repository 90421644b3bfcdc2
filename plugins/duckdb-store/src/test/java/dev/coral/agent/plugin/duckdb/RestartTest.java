package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.StorageStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart: seq ids continue densely, the session id stays, until the file is deleted. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void seqIdsContinueDenselyAcrossRestarts() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int run = 0; run < 3; run++) {
            DuckDbStore store = start();
            for (int b = 0; b < 4; b++) {
                store.consumer(Signal.TRACES).consume(Batches.spans("svc", run * 10L + b, 7, now))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            TestStores.stop(store);
        }
        assertThat(TestStores.longs(dir.resolve("metrics.duckdb"), "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(3 * 4 * 7));
    }

    @Test
    void seqIdsContinueAfterRetentionDeletedEveryRow() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        DuckDbStore store = TestStores.start(TestStores.context(dir), TestStores.config(""),
                Clock.fixed(t0.plusSeconds(7200), ZoneOffset.UTC));
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 5, t0.toEpochMilli() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.cleanupNow()).isEqualTo(5);
        TestStores.stop(store);

        store = start();
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 3, System.currentTimeMillis() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<SpanRow> rows = store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 100).rows();
        assertThat(rows).extracting(SpanRow::seqId).containsExactly(6L, 7L, 8L);
        assertThat(store.capability(StorageStats.class).orElseThrow().tables())
                .filteredOn(t -> t.table().equals(Schema.SPANS)).singleElement()
                .satisfies(t -> {
                    assertThat(t.rows()).isEqualTo(3);
                    assertThat(t.maxSeqId()).isEqualTo(8);
                });
        TestStores.stop(store);
    }

    @Test
    void seqIdsContinueAfterRetentionDeletedTheNewestIds() throws Exception {
        Instant now = Instant.now();
        DuckDbStore store = TestStores.start(TestStores.context(dir), TestStores.config(""), Clock.fixed(now, ZoneOffset.UTC));
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 5, now.toEpochMilli() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        // A client with a wrong clock: its spans get the highest ids and are already expired.
        store.consumer(Signal.TRACES).consume(Batches.spans("late", 2, 5, now.minusSeconds(7200).toEpochMilli() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.cleanupNow()).isEqualTo(5);
        assertThat(TestStores.longs(store, "SELECT max(seq_id) FROM otel_spans_local")).containsExactly(5L);
        TestStores.stop(store);

        store = start();
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 3, 2, System.currentTimeMillis() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(5, List.of(), 100).rows())
                .extracting(SpanRow::seqId).as("ids 6..10 were used and deleted, never given again").containsExactly(11L, 12L);
        TestStores.stop(store);
    }

    @Test
    void sessionIdIsStableAcrossRestartsAndNewWhenTheFileIsDeleted() throws Exception {
        DuckDbStore store = start();
        String first = store.sessionId();
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 2, System.currentTimeMillis() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10).sessionId())
                .isEqualTo(first);
        TestStores.stop(store);

        store = start();
        assertThat(store.sessionId()).as("after restart").isEqualTo(first);
        TestStores.stop(store);
        assertThat(TestStores.strings(dir.resolve("metrics.duckdb"),
                "SELECT value FROM db_metadata WHERE key = 'session_id'")).containsExactly(first);

        Files.delete(dir.resolve("metrics.duckdb"));
        Files.deleteIfExists(dir.resolve("metrics.duckdb.wal"));
        store = start();
        String second = store.sessionId();
        assertThat(second).as("new database file").isNotEqualTo(first)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10).rows())
                .as("the new file starts empty").isEmpty();
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 2, System.currentTimeMillis() * 1_000_000L))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10).rows())
                .extracting(SpanRow::seqId).as("seq ids restart at 1 with the new session").containsExactly(1L, 2L);
        TestStores.stop(store);
    }

    private DuckDbStore start() throws Exception {
        return TestStores.start(TestStores.context(dir), "");
    }
}
