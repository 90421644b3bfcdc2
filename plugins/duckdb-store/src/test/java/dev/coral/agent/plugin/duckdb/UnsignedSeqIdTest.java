package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SystemMetricQueries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seq ids are unsigned 64-bit numbers: an {@code afterSeqId} of 2^63 or more reaches the store as
 * a negative long, and is after every stored row (it used to compare below them all and return
 * seq 1, 2, 3...).
 */
class UnsignedSeqIdTest {
    @TempDir
    Path dir;

    @Test
    void anAfterSeqIdFromTwoToTheSixtyThreeIsAfterEveryRow() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            long now = System.currentTimeMillis();
            store.consumer(Signal.TRACES).consume(Batches.spans("checkout", 1, 3, now * 1_000_000L))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            store.consumer(Signal.METRICS).consume(Metrics.cpu(now * 1_000_000L, 42))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            store.consumer(Signal.PROFILES).consume(Profiles.cycle(now, "checkout", 7))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            SpanQueries spans = store.capability(SpanQueries.class).orElseThrow();
            SystemMetricQueries metrics = store.capability(SystemMetricQueries.class).orElseThrow();
            ProfileQueries profiles = store.capability(ProfileQueries.class).orElseThrow();
            assertThat(spans.spansSince(0, List.of(), 10).rows()).hasSize(3);

            for (long after : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1}) {
                for (Page<?> page : List.of(spans.spansSince(after, List.of(), 10),
                        metrics.metricsSince(after, List.of(), 10), profiles.samplesSince(after, "", 10))) {
                    assertThat(page.rows()).as("after %s", Long.toUnsignedString(after)).isEmpty();
                    assertThat(page.maxSeqId()).isZero();
                    assertThat(page.hasMore()).isFalse();
                    assertThat(page.sessionId()).isEqualTo(store.sessionId());
                }
            }
        } finally {
            TestStores.stop(store);
        }
    }
}
