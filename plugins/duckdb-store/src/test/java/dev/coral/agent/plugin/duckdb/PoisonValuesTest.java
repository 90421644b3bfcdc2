package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few very large values (each under the receivers' request limits) must not break the
 * store: before value limits, sixty 3.9 MB attribute values made DuckDB fail "failed to pin
 * block of size 3.8 MiB (61.8/64 MiB used)" in its checkpoints, the instance was invalidated
 * and reopened in a loop, and every query failed. Values are cut to a documented length with
 * a marker, and counted.
 */
class PoisonValuesTest {
    @TempDir
    Path dir;

    @Test
    void hugeValuesAreTruncatedWithAMarkerAndTheStoreStaysHealthy() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        // One sender, one huge batch after the other: the ingest log's budget holds them all until their fold.
        DuckDbStore store = TestStores.start(context, "ingest-log.max-pending = 1GiB");
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            String big = "x".repeat(3_900_000);
            for (int batch = 1; batch <= 60; batch++) {
                consume(store, Batches.request("poison", Batches.span(Batches.traceId(batch), Batches.spanId(batch, 0), now)
                        .setName(batch % 10 == 0 ? big : "op")
                        .addAttributes(KeyValue.newBuilder().setKey("payload")
                                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(big)))));
            }
            store.checkpointNow();
            consume(store, Batches.spans("after", 100, 10, now));
            store.checkpointNow();

            assertThat(context.reports()).as("never degraded").noneMatch(r -> r.health() != Health.OK);
            assertThat(TestStores.longs(store, "SELECT count(*) FROM otel_spans_local")).containsExactly(70L);
            List<Long> longest = TestStores.longs(store, "SELECT max(length(attributes)) FROM otel_spans_local");
            assertThat(longest.getFirst()).as("attributes JSON of one span").isLessThan(20_000L);
            assertThat(TestStores.strings(store, "SELECT attributes FROM otel_spans_local WHERE service_name = 'poison' LIMIT 1")
                    .getFirst()).contains("...[truncated 3883616 chars]");
            assertThat(TestStores.longs(store, "SELECT max(length(span_name)) FROM otel_spans_local").getFirst())
                    .isLessThan(20_000L);
            assertThat(context.telemetry().sum("coral_store_truncated_values")).isEqualTo(66);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void manyLargeAttributesAreCutAtTheListsLengthAndTheRestCounted() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "max-attributes-length = 64KiB");
        try {
            var span = Batches.span(Batches.traceId(1), Batches.spanId(1, 0), System.currentTimeMillis() * 1_000_000L);
            for (int i = 0; i < 100; i++) {
                span.addAttributes(Batches.attr("a" + i, "v".repeat(10_000)));
            }
            consume(store, Batches.request("wide", span));
            String json = TestStores.strings(store, "SELECT attributes FROM otel_spans_local").getFirst();
            assertThat(json.length()).isBetween(64 * 1024, 64 * 1024 + 10_100);
            assertThat(json).endsWith(",\"coral.dropped_attributes\":93}");
            assertThat(TestStores.longs(store, "SELECT count(*) FROM otel_spans_local WHERE json_valid(attributes)"))
                    .containsExactly(1L);
        } finally {
            TestStores.stop(store);
        }
    }

    private static void consume(DuckDbStore store, ExportTraceServiceRequest request) throws Exception {
        store.consumer(Signal.TRACES).consume(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
