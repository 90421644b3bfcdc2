package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code max-size}: over the limit, the oldest tenth of each table goes first; under it, nothing. */
class MaxSizeTest {
    @TempDir
    Path dir;

    @Test
    void overTheLimitTheOldestRowsAreDroppedFirst() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "max-size = 1");
        write(store);
        assertThat(store.enforceMaxSizeNow()).isEqualTo(10 + 2);
        assertThat(TestStores.longs(store, "SELECT min(seq_id) FROM otel_spans_local")).containsExactly(11L);
        assertThat(TestStores.longs(store, "SELECT min(seq_id) FROM system_metrics_local")).containsExactly(3L);
        TestStores.stop(store);
    }

    @Test
    void underTheLimitNothingIsDropped() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "max-size = 1GiB");
        write(store);
        assertThat(store.enforceMaxSizeNow()).isZero();
        assertThat(TestStores.longs(store, "SELECT count(*) FROM otel_spans_local")).containsExactly(100L);
        TestStores.stop(store);
    }

    private static void write(DuckDbStore store) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int b = 0; b < 10; b++) {
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", b, 10, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 20; i++) {
            store.consumer(Signal.METRICS).consume(Metrics.cpu(now + i, i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
