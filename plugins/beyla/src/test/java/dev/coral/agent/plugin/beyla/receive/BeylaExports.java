package dev.coral.agent.plugin.beyla.receive;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OTLP messages shaped as Beyla's OTEL exporter makes them (grafana/beyla, vendored OBI
 * {@code pkg/export/otel/metrics.go}, {@code pkg/export/attributes}, {@code pkg/export/bucket.go}):
 * histograms in seconds with the semantic conventions' default duration buckets, the resource
 * Beyla sets ({@code service.name}, {@code service.instance.id}, {@code telemetry.sdk.*},
 * {@code host.name}, {@code os.type}), the scope {@code go.opentelemetry.io/obi}.
 */
public final class BeylaExports {
    /** {@code export.DefaultBuckets.DurationHistogram}, seconds. */
    public static final List<Double> DURATION_BUCKETS_S =
            List.of(0.0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    /** The same in milliseconds, as rows carry them. */
    public static final double[] DURATION_BUCKETS_MS =
            {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};
    /** 2026-11-01T10:00:00Z, Unix nanoseconds. */
    public static final long T0 = 1_793_527_200_000_000_000L;
    public static final long SECOND = 1_000_000_000L;

    private BeylaExports() {}

    public static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    /** The resource Beyla puts on the metrics and traces of an instrumented service. */
    public static Resource resource(String service, KeyValue... extra) {
        List<KeyValue> attrs = new ArrayList<>(List.of(
                attr("service.name", service),
                attr("telemetry.sdk.language", "go"),
                attr("telemetry.sdk.name", "beyla"),
                attr("telemetry.sdk.version", "v3.33.0"),
                attr("telemetry.distro.name", "opentelemetry-ebpf-instrumentation"),
                attr("host.name", "web-1"),
                attr("host.id", "0f3c"),
                attr("os.type", "linux"),
                attr("service.instance.id", "web-1:4242")));
        attrs.addAll(Arrays.asList(extra));
        return Resource.newBuilder().addAllAttributes(attrs).build();
    }

    /** A histogram point; {@code counts} one per bucket of {@code bounds} plus +Inf. */
    public static HistogramDataPoint point(long start, long time, List<Double> bounds, long[] counts, double sum,
            KeyValue... attributes) {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time)
                .addAllExplicitBounds(bounds).setSum(sum).addAllAttributes(Arrays.asList(attributes));
        long total = 0;
        for (long c : counts) {
            p.addBucketCounts(c);
            total += c;
        }
        return p.setCount(total).build();
    }

    /** Counts for the default buckets: {@code n} observations in bucket {@code index} each (pairs), the rest 0. */
    public static long[] counts(long... indexAndCount) {
        long[] out = new long[DURATION_BUCKETS_S.size() + 1];
        for (int i = 0; i < indexAndCount.length; i += 2) {
            out[(int) indexAndCount[i]] = indexAndCount[i + 1];
        }
        return out;
    }

    public static Metric histogram(String name, String unit, AggregationTemporality temporality,
            HistogramDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit)
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(temporality)
                        .addAllDataPoints(Arrays.asList(points)))
                .build();
    }

    public static ExportMetricsServiceRequest metrics(Resource resource, Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("go.opentelemetry.io/obi"))
                        .addAllMetrics(Arrays.asList(metrics))))
                .build();
    }

    /** Beyla's HTTP server attributes (current semantic conventions) with a route. */
    public static KeyValue[] httpAttributes(String method, String route, long status) {
        return new KeyValue[] {attr("http.request.method", method), attr("http.response.status_code", status),
                attr("http.route", route), attr("url.scheme", "http"), attr("server.address", "web-1"),
                attr("server.port", 8080)};
    }

    public static ByteString bytes(String hex) {
        return ByteString.copyFrom(java.util.HexFormat.of().parseHex(hex));
    }

    public static Span span(String traceId, String spanId, String parent, String name, Span.SpanKind kind, long start,
            long end, Status.StatusCode status, KeyValue... attributes) {
        return Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes(spanId)).setParentSpanId(bytes(parent))
                .setName(name).setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(end)
                .setStatus(Status.newBuilder().setCode(status)).addAllAttributes(Arrays.asList(attributes)).build();
    }

    public static ExportTraceServiceRequest traces(Resource resource, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                        .setName("go.opentelemetry.io/obi")).addAllSpans(Arrays.asList(spans))))
                .build();
    }
}
