package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics signal as the sysmetrics receiver sends it lands in {@code system_metrics_local},
 * one row per data point with the colony's SystemMetric fields (the mapping of plugins/sysmetrics/README.md).
 */
class SystemMetricsTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final long T_NANOS = T.toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    private TestComponentContext context;
    private DuckDbStore store;
    private SystemMetricQueries metrics;

    @BeforeEach
    void start() throws Exception {
        context = TestStores.context(dir);
        store = TestStores.start(context, "");
        metrics = store.capability(SystemMetricQueries.class).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        TestStores.stop(store);
    }

    @Test
    void everyNumberPointOfASystemMetricBecomesOneRow() throws Exception {
        store.consumer(Signal.METRICS).consume(Metrics.request(
                Metrics.gauge("system.cpu.utilization", "percent", Metrics.point(T_NANOS, 12.5)),
                Metrics.gauge("system.memory.usage", "bytes", Metrics.intPoint(T_NANOS, 1_073_741_824L)),
                Metrics.sum("system.disk.io.read", "bytes", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                        Metrics.intPoint(T_NANOS, 900), Metrics.intPoint(T_NANOS, 600, Batches.attr("device", "sda"))),
                Metrics.sum("system.disk.io.read", "bytes", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                        Metrics.intPoint(T_NANOS, 30, Batches.attr("device", "sda"))),
                Metrics.gauge("process.open_fds", "count", Metrics.intPoint(T_NANOS, 5)),
                Metrics.histogram("system.request.duration", T_NANOS)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        Page<SystemMetricRow> page = metrics.metricsSince(0, List.of(), 100);
        assertThat(page.rows()).containsExactly(
                new SystemMetricRow(1, T.toEpochMilli(), "system.cpu.utilization", 12.5, "percent", "gauge", "{}"),
                new SystemMetricRow(2, T.toEpochMilli(), "system.memory.usage", 1_073_741_824.0, "bytes", "gauge", "{}"),
                new SystemMetricRow(3, T.toEpochMilli(), "system.disk.io.read", 900, "bytes", "counter", "{}"),
                new SystemMetricRow(4, T.toEpochMilli(), "system.disk.io.read", 600, "bytes", "counter", "{\"device\":\"sda\"}"),
                new SystemMetricRow(5, T.toEpochMilli(), "system.disk.io.read", 30, "bytes", "delta", "{\"device\":\"sda\"}"));
        assertThat(page.maxSeqId()).isEqualTo(5);
        assertThat(page.sessionId()).isEqualTo(store.sessionId());
        assertThat(context.telemetry().sum("coral_store_unkept_metrics"))
                .as("process.open_fds and the histogram are kept in the otel_metrics tables").isZero();
        assertThat(TestStores.longs(store, "SELECT (SELECT count(*) FROM otel_metrics_gauge_local)"
                + " + (SELECT count(*) FROM otel_metrics_histogram_local)")).containsExactly(2L);
    }

    @Test
    void queriesBySeqAndByTimeWithANameFilter() throws Exception {
        for (int i = 0; i < 6; i++) {
            long at = T_NANOS + i * 15_000_000_000L;
            store.consumer(Signal.METRICS).consume(Metrics.request(
                    Metrics.gauge("system.cpu.utilization", "percent", Metrics.point(at, i)),
                    Metrics.gauge("system.memory.utilization", "percent", Metrics.point(at, 50 + i))))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Page<SystemMetricRow> cpu = metrics.metricsSince(2, List.of("system.cpu.utilization"), 2);
        assertThat(cpu.rows()).extracting(SystemMetricRow::seqId).containsExactly(3L, 5L);
        assertThat(cpu.maxSeqId()).isEqualTo(5);

        List<SystemMetricRow> between = metrics.metricsBetween(T.plusSeconds(15), T.plusSeconds(45),
                List.of("system.memory.utilization"), 100, "").rows();
        assertThat(between).extracting(SystemMetricRow::value).as("oldest first, until exclusive").containsExactly(51.0, 52.0);
        assertThat(metrics.metricsBetween(T, T.plusSeconds(3600), List.of(), 3, "").rows()).extracting(SystemMetricRow::seqId)
                .containsExactly(1L, 2L, 3L);
    }
}
