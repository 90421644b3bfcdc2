package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
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
import java.util.List;

/** Host metric requests shaped as the sysmetrics receiver sends them (one sample, one timestamp). */
final class Metrics {
    private Metrics() {}

    static NumberDataPoint point(long timeNanos, double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(value)
                .addAllAttributes(List.of(attributes)).build();
    }

    static NumberDataPoint intPoint(long timeNanos, long value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setStartTimeUnixNano(timeNanos - 1)
                .setAsInt(value).addAllAttributes(List.of(attributes)).build();
    }

    static Metric gauge(String name, String unit, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit)
                .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
    }

    static Metric sum(String name, String unit, AggregationTemporality temporality, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder()
                .setAggregationTemporality(temporality).setIsMonotonic(true).addAllDataPoints(List.of(points))).build();
    }

    /** A metric the store does not keep in system_metrics_local (not a system.* number). */
    static Metric histogram(String name, long timeNanos) {
        return Metric.newBuilder().setName(name).setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos).setCount(3))).build();
    }

    static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(Batches.attr("host.name", "test-host")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("dev.coral.agent.plugin.sysmetrics"))
                        .addAllMetrics(List.of(metrics)))).build();
    }

    /** One application point of each OTLP type (gauge, sum, histogram, exponential histogram, summary). */
    static ExportMetricsServiceRequest oneOfEachType(long timeNanos) {
        return request(gauge("app.queue.depth", "{item}", point(timeNanos, 3)),
                sum("app.requests", "{request}", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                        intPoint(timeNanos, 42)),
                Metric.newBuilder().setName("app.latency").setUnit("ms").setHistogram(Histogram.newBuilder()
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos).setCount(3).setSum(30)
                                .addAllExplicitBounds(List.of(5.0, 10.0)).addAllBucketCounts(List.of(1L, 1L, 1L))))
                        .build(),
                Metric.newBuilder().setName("app.size").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos).setCount(2)
                                .setScale(2).setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(3)
                                        .addAllBucketCounts(List.of(1L, 1L))))).build(),
                Metric.newBuilder().setName("app.gc.pause").setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(timeNanos).setCount(4).setSum(8)
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5)
                                        .setValue(2)))).build());
    }

    /** A one-point CPU utilization sample at {@code timeNanos}. */
    static ExportMetricsServiceRequest cpu(long timeNanos, double value) {
        return request(gauge("system.cpu.utilization", "percent", point(timeNanos, value)));
    }
}
