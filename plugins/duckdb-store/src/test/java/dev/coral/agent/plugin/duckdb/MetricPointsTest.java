package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.MetricPointRow;
import dev.coral.agent.api.query.MetricPointType;
import dev.coral.agent.api.query.MetricQueries;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application metrics: every point of the five OTLP types is kept in its own table with its
 * metric, resource, scope and service, read back exactly, with dense seq ids per table; host
 * metrics still go to system_metrics_local; retention deletes old points of every table.
 */
class MetricPointsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long T = nanos(NOW.minusSeconds(60));
    private static final long START = nanos(NOW.minusSeconds(3600));
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";
    private static final String RESOURCE_JSON = "{\"service.name\":\"checkout\",\"host.name\":\"h1\",\"pod.restarts\":3}";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);
    private TestComponentContext context;
    private DuckDbStore store;
    private MetricQueries metrics;

    @BeforeEach
    void start() throws Exception {
        context = TestStores.context(dir);
        store = TestStores.start(context, TestStores.config("retention { metrics = 30m }"), clock);
        metrics = store.capability(MetricQueries.class).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        TestStores.stop(store);
    }

    @Test
    void everyPointOfTheFiveTypesIsKeptAndReadBackExactly() throws Exception {
        consume(request("checkout", List.of(
                gauge("app.queue.depth", NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(12.5)
                        .addAttributes(Batches.attr("queue", "orders")).build(),
                        NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsInt(7).setFlags(1).build()),
                Metric.newBuilder().setName("app.requests").setUnit("{request}").setDescription("Requests served")
                        .setSum(Sum.newBuilder().setIsMonotonic(true)
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(START).setTimeUnixNano(T)
                                        .setAsInt(9_007_199_254_740_993L).addAttributes(Batches.attr("route", "/pay"))
                                        .addExemplars(Exemplar.newBuilder().setTimeUnixNano(T - 5).setAsInt(1)
                                                .setTraceId(ByteString.fromHex(TRACE)).setSpanId(ByteString.fromHex(SPAN))
                                                .addFilteredAttributes(Batches.attr("user", "u1"))))).build(),
                Metric.newBuilder().setName("app.active").setSum(Sum.newBuilder().setIsMonotonic(false)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(-3.5))).build(),
                Metric.newBuilder().setName("app.latency").setUnit("ms").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(START).setTimeUnixNano(T)
                                .setCount(6).setSum(123.4).setMin(1.5).setMax(80).addAllExplicitBounds(List.of(5.0, 10.0, 50.0))
                                .addAllBucketCounts(List.of(1L, 2L, 2L, 1L)))
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T).setCount(0))).build(),
                Metric.newBuilder().setName("app.size").setUnit("By").setExponentialHistogram(ExponentialHistogram
                        .newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(START)
                                .setTimeUnixNano(T).setCount(7).setSum(10.5).setMin(-4).setMax(9).setScale(3)
                                .setZeroCount(1).setZeroThreshold(0.001)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                                        .addAllBucketCounts(List.of(1L, 0L, 3L)))
                                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(1)
                                        .addBucketCounts(2)))).build(),
                // The SDKs make no summaries; Prometheus-fed Collectors do.
                Metric.newBuilder().setName("app.gc.pause").setUnit("ms").setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder().setStartTimeUnixNano(START).setTimeUnixNano(T)
                                .setCount(10).setSum(55.5).addAttributes(Batches.attr("gc", "young"))
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(4))
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99)
                                        .setValue(12)))).build(),
                Metrics.gauge("system.cpu.utilization", "1", Metrics.point(T, 0.25)),
                Metrics.histogram("system.request.duration", T),
                Metric.newBuilder().setName("app.empty").build())));

        MetricPointRow.Builder common = MetricPointRow.builder().serviceName("checkout").scopeName("app.meter")
                .scopeVersion("1.2.3").resourceAttributesJson(RESOURCE_JSON).timeUnixNano(T);
        assertThat(all(MetricPointType.GAUGE)).containsExactly(
                common.build().toBuilder().type(MetricPointType.GAUGE).seqId(1).metricName("app.queue.depth")
                        .unit("{item}").attributesJson("{\"queue\":\"orders\"}").value(12.5).build(),
                common.build().toBuilder().type(MetricPointType.GAUGE).seqId(2).metricName("app.queue.depth")
                        .unit("{item}").flags(1).intValue(7).build());
        assertThat(all(MetricPointType.SUM)).containsExactly(
                common.build().toBuilder().type(MetricPointType.SUM).seqId(1).metricName("app.requests")
                        .description("Requests served").unit("{request}").startTimeUnixNano(START)
                        .attributesJson("{\"route\":\"/pay\"}").intValue(9_007_199_254_740_993L)
                        .aggregationTemporality("cumulative").isMonotonic(true)
                        .exemplarsJson("[{\"time_unix_nano\":" + (T - 5) + ",\"value\":1,\"trace_id\":\"" + TRACE
                                + "\",\"span_id\":\"" + SPAN + "\",\"filtered_attributes\":{\"user\":\"u1\"}}]")
                        .build(),
                common.build().toBuilder().type(MetricPointType.SUM).seqId(2).metricName("app.active").value(-3.5)
                        .aggregationTemporality("delta").isMonotonic(false).build());
        assertThat(all(MetricPointType.SUM).getFirst().intValue()).as("an integer beyond 2^53 stays exact")
                .isEqualTo(9_007_199_254_740_993L);
        assertThat(all(MetricPointType.HISTOGRAM)).containsExactly(
                common.build().toBuilder().type(MetricPointType.HISTOGRAM).seqId(1).metricName("app.latency").unit("ms")
                        .startTimeUnixNano(START).aggregationTemporality("delta").count(6)
                        .sum(OptionalDouble.of(123.4)).min(OptionalDouble.of(1.5)).max(OptionalDouble.of(80))
                        .explicitBounds(List.of(5.0, 10.0, 50.0)).bucketCounts(List.of(1L, 2L, 2L, 1L)).build(),
                common.build().toBuilder().type(MetricPointType.HISTOGRAM).seqId(2).metricName("app.latency").unit("ms")
                        .aggregationTemporality("delta").build(),
                common.build().toBuilder().type(MetricPointType.HISTOGRAM).seqId(3).metricName("system.request.duration")
                        .serviceName("unknown_service").scopeName("dev.coral.agent.plugin.sysmetrics").scopeVersion("")
                        .resourceAttributesJson("{\"host.name\":\"test-host\"}").aggregationTemporality("unspecified")
                        .count(3).build());
        assertThat(all(MetricPointType.EXPONENTIAL_HISTOGRAM)).containsExactly(
                common.build().toBuilder().type(MetricPointType.EXPONENTIAL_HISTOGRAM).seqId(1).metricName("app.size")
                        .unit("By").startTimeUnixNano(START).aggregationTemporality("cumulative").count(7)
                        .sum(OptionalDouble.of(10.5)).min(OptionalDouble.of(-4)).max(OptionalDouble.of(9)).scale(3)
                        .zeroCount(1).zeroThreshold(0.001).positiveOffset(-2).positiveBucketCounts(List.of(1L, 0L, 3L))
                        .negativeOffset(1).negativeBucketCounts(List.of(2L)).build());
        assertThat(all(MetricPointType.SUMMARY)).containsExactly(
                common.build().toBuilder().type(MetricPointType.SUMMARY).seqId(1).metricName("app.gc.pause").unit("ms")
                        .startTimeUnixNano(START).attributesJson("{\"gc\":\"young\"}").count(10)
                        .sum(OptionalDouble.of(55.5)).quantiles(List.of(new MetricPointRow.Quantile(0.5, 4),
                                new MetricPointRow.Quantile(0.99, 12))).build());

        SystemMetricQueries system = store.capability(SystemMetricQueries.class).orElseThrow();
        assertThat(system.metricsSince(0, List.of(), 10).rows()).as("host metrics keep their own table")
                .singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("system.cpu.utilization"));
        assertThat(context.telemetry().sum("coral_store_unkept_metrics")).as("only the metric without data").isEqualTo(1);
        assertThat(context.telemetry().sum("coral_store_written_metric_points")).isEqualTo(10);
        assertThat(store.tables()).extracting(t -> t.table() + "=" + t.rows() + "/" + t.maxSeqId())
                .contains("otel_metrics_gauge_local=2/2", "otel_metrics_sum_local=2/2", "otel_metrics_histogram_local=3/3",
                        "otel_metrics_exponential_histogram_local=1/1", "otel_metrics_summary_local=1/1");
    }

    @Test
    void seqIdsAreDensePerTableAndQueriesFilterByNameServiceAndTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            long at = T + i * 1_000_000_000L;
            consume(request(i % 2 == 0 ? "checkout" : "payments", List.of(
                    gauge("app.queue.depth", NumberDataPoint.newBuilder().setTimeUnixNano(at).setAsInt(i).build()),
                    gauge("app.threads", NumberDataPoint.newBuilder().setTimeUnixNano(at).setAsInt(100 + i).build()),
                    Metrics.histogram("app.latency", at))));
        }
        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_metrics_gauge_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(10));
        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_metrics_histogram_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(5));

        Page<MetricPointRow> since = metrics.pointsSince(MetricPointType.GAUGE, 3, List.of("app.queue.depth"),
                List.of(), 2);
        assertThat(since.rows()).extracting(MetricPointRow::seqId).containsExactly(5L, 7L);
        assertThat(since.maxSeqId()).isEqualTo(7);
        assertThat(metrics.pointsSince(MetricPointType.GAUGE, -1, List.of(), List.of(), 10).rows())
                .as("after 2^63: after every row").isEmpty();

        Instant t = Instant.ofEpochSecond(0, T);
        Page<MetricPointRow> first = metrics.pointsBetween(MetricPointType.GAUGE, t.plusSeconds(1), t.plusSeconds(5),
                List.of("app.threads"), List.of("payments"), 1, "");
        assertThat(first.rows()).extracting(MetricPointRow::intValue).containsExactly(101L);
        assertThat(first.hasMore()).isTrue();
        Page<MetricPointRow> second = metrics.pointsBetween(MetricPointType.GAUGE, t.plusSeconds(1), t.plusSeconds(5),
                List.of("app.threads"), List.of("payments"), 1, first.nextPageToken());
        assertThat(second.rows()).extracting(MetricPointRow::intValue).containsExactly(103L);
        assertThat(second.hasMore()).isFalse();
        assertThat(metrics.pointsBetween(MetricPointType.HISTOGRAM, t, t.plusSeconds(60), List.of(), List.of("checkout"),
                100, "").rows()).extracting(MetricPointRow::seqId).containsExactly(1L, 3L, 5L);
    }

    @Test
    void retentionDeletesOldPointsOfEveryTypeAndSeqIdsGoOn() throws Exception {
        long old = nanos(NOW.minus(Duration.ofHours(2)));
        long recent = nanos(NOW.minus(Duration.ofMinutes(10)));
        for (long at : new long[] {old, recent}) {
            consume(request("checkout", List.of(
                    gauge("app.g", NumberDataPoint.newBuilder().setTimeUnixNano(at).setAsDouble(1).build()),
                    Metric.newBuilder().setName("app.s").setSum(Sum.newBuilder()
                            .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(at).setAsInt(1))).build(),
                    Metrics.histogram("app.h", at),
                    Metric.newBuilder().setName("app.e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(at).setCount(1)))
                            .build(),
                    Metric.newBuilder().setName("app.q").setSummary(Summary.newBuilder()
                            .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(at).setCount(1))).build())));
        }
        assertThat(store.cleanupNow()).isEqualTo(5);
        for (MetricPointType type : MetricPointType.values()) {
            assertThat(all(type)).as(type.name()).singleElement().satisfies(r -> {
                assertThat(r.timeUnixNano()).isEqualTo(recent);
                assertThat(r.seqId()).isEqualTo(2);
            });
        }
        consume(request("checkout", List.of(gauge("app.g", NumberDataPoint.newBuilder().setTimeUnixNano(recent)
                .setAsDouble(2).build()))));
        assertThat(all(MetricPointType.GAUGE)).extracting(MetricPointRow::seqId).containsExactly(2L, 3L);
    }

    @Test
    void longValuesAreCutAsSpansAre() throws Exception {
        TestComponentContext small = TestStores.context(dir.resolve("small"));
        DuckDbStore capped = TestStores.start(small, TestStores.config("max-value-length = 16\nmax-attributes-length = 64"),
                clock);
        try {
            capped.consumer(Signal.METRICS).consume(request("checkout", List.of(gauge("app." + "x".repeat(40),
                    NumberDataPoint.newBuilder().setTimeUnixNano(T).setAsDouble(1)
                            .addAttributes(Batches.attr("k1", "v".repeat(30)))
                            .addAttributes(Batches.attr("k2", "v".repeat(30)))
                            .addAttributes(Batches.attr("k3", "v".repeat(30))).build()))))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            MetricPointRow row = capped.capability(MetricQueries.class).orElseThrow()
                    .pointsSince(MetricPointType.GAUGE, 0, List.of(), List.of(), 10).rows().getFirst();
            assertThat(row.metricName()).isEqualTo("app.xxxxxxxxxxxx...[truncated 28 chars]");
            assertThat(row.attributesJson()).startsWith("{\"k1\":\"vvvvvvvvvvvvvvvv...[truncated 14 chars]\"")
                    .endsWith(",\"coral.dropped_attributes\":1}");
            assertThat(small.telemetry().sum("coral_store_truncated_values")).isPositive();
        } finally {
            TestStores.stop(capped);
        }
    }

    private List<MetricPointRow> all(MetricPointType type) {
        return metrics.pointsSince(type, 0, List.of(), List.of(), 1000).rows();
    }

    private void consume(ExportMetricsServiceRequest request) throws Exception {
        store.consumer(Signal.METRICS).consume(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("{item}")
                .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    /** The metrics under a checkout-like resource and scope; system.* and the no-data one under their own. */
    private static ExportMetricsServiceRequest request(String service, List<Metric> metrics) {
        ScopeMetrics.Builder app = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("app.meter").setVersion("1.2.3"));
        ScopeMetrics.Builder host = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("dev.coral.agent.plugin.sysmetrics"));
        for (Metric m : metrics) {
            (m.getName().startsWith("system.") ? host : app).addMetrics(m);
        }
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(Resource.newBuilder()
                        .addAttributes(Batches.attr("service.name", service)).addAttributes(Batches.attr("host.name", "h1"))
                        .addAttributes(Batches.attr("pod.restarts", 3))).addScopeMetrics(app));
        if (host.getMetricsCount() > 0) {
            b.addResourceMetrics(ResourceMetrics.newBuilder().setResource(Resource.newBuilder()
                    .addAttributes(Batches.attr("host.name", "test-host"))).addScopeMetrics(host));
        }
        return b.build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
