package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query.max-value-bytes}: a text value above it comes back as a marker naming its size (a
 * JSON object for JSON columns, so the row still parses), counted in pages at the cap, so one row
 * can never hold more than a few capped values however large the stored ones are.
 */
class ValueCapTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void valuesAboveTheCapBecomeMarkersNamingTheirSize() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "memory-limit = 256MiB\n"
                + "max-value-length = 4MiB\nmax-attributes-length = 16MiB\n" // values stored whole: the cap here is the read side's
                + "query { max-value-bytes = 64KiB }");
        try {
            BigSpans.write(store, 3, 1 << 20, T0.toEpochMilli() * 1_000_000L);
            store.consumer(Signal.METRICS).consume(Metrics.request(Metrics.gauge("system.wide", "1",
                    Metrics.point(T0.toEpochMilli() * 1_000_000L, 1, Batches.attr("blob", "x".repeat(100_000))))))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);

            Page<SpanRow> page = store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 50);
            assertThat(page.rows()).as("capped rows count at the cap: all three fit in 4 MiB").hasSize(3);
            for (SpanRow r : page.rows()) {
                assertThat(r.attributes()).containsOnlyKeys("coral.truncated");
                assertThat(r.attributes().get("coral.truncated")).startsWith("attributes of ")
                        .contains("bytes, above the store's query.max-value-bytes (65536)");
                long stored = Long.parseLong(r.attributes().get("coral.truncated").split(" ")[2]);
                assertThat(stored).isGreaterThan(1 << 20);
                assertThat(r.resourceAttributesJson()).isEqualTo("{\"service.name\":\"big\"}");
                assertThat(r.spanName()).isEqualTo("GET /items/{id}");
            }
            SystemMetricRow metric = store.capability(SystemMetricQueries.class).orElseThrow()
                    .metricsSince(0, List.of(), 10).rows().getFirst();
            assertThat(metric.attributesJson()).startsWith("{\"coral.truncated\":\"attributes of 10001");
            assertThat(SpanReader.flatten(metric.attributesJson())).containsOnlyKeys("coral.truncated");
        } finally {
            TestStores.stop(store);
        }
    }
}
