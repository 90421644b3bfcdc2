package dev.coral.agent.tools.otlpload;

import io.grpc.MethodDescriptor;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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
import java.util.List;
import java.util.SplittableRandom;

/**
 * One export interval of Beyla's HTTP RED metrics, as its OTEL exporter sends them (the same
 * shapes as the beyla plugin's tests, {@code BeylaExports}): {@code http.server.request.duration}
 * in seconds, delta temporality, the semantic conventions' default duration buckets, Beyla's
 * resource and scope, and per point {@code http.request.method}, {@code http.response.status_code},
 * {@code http.route}, {@code url.scheme}, {@code server.address}, {@code server.port}.
 *
 * <p>The series: services of 50 each (10 routes × 5 method/status pairs), one
 * {@code ResourceMetrics} per service, as Beyla groups them. Every point has requests in its
 * interval (the mapper makes no row of an empty one), so one point is one stored row.
 */
final class BeylaRequests {
    static final MethodDescriptor<byte[], byte[]> EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/Export")
            .setRequestMarshaller(new LoadGenerator.Bytes())
            .setResponseMarshaller(new LoadGenerator.Bytes())
            .build();

    /** {@code export.DefaultBuckets.DurationHistogram} of Beyla, seconds. */
    static final List<Double> DURATION_BUCKETS_S =
            List.of(0.0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final int SERIES_PER_SERVICE = 50;
    private static final String[] ROUTES = {"/", "/health", "/api/orders", "/api/orders/{id}", "/api/cart",
        "/api/cart/{id}/items", "/api/users/{id}", "/api/search", "/static/{path}", "/api/checkout"};
    private static final String[][] METHOD_STATUS = {{"GET", "200"}, {"GET", "404"}, {"POST", "201"}, {"POST", "500"},
        {"GET", "503"}};

    private final int series;
    private final SplittableRandom random;

    /** @param series a multiple of 50 (e.g. 200: four services) */
    BeylaRequests(int series, long seed) {
        if (series <= 0 || series % SERIES_PER_SERVICE != 0) {
            throw new IllegalArgumentException("series must be a positive multiple of " + SERIES_PER_SERVICE + ", not " + series);
        }
        this.series = series;
        this.random = new SplittableRandom(seed);
    }

    int series() {
        return series;
    }

    /** The export of the delta interval (start, end], Unix nanoseconds: one point per series. */
    ExportMetricsServiceRequest interval(long startNanos, long endNanos) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (int s = 0; s < series / SERIES_PER_SERVICE; s++) {
            String service = "svc-" + s;
            Histogram.Builder histogram = Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
            for (String route : ROUTES) {
                for (String[] ms : METHOD_STATUS) {
                    histogram.addDataPoints(point(startNanos, endNanos, ms[0], Long.parseLong(ms[1]), route, service));
                }
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(service, s))
                    .addScopeMetrics(ScopeMetrics.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("go.opentelemetry.io/obi"))
                            .addMetrics(Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                                    .setDescription("Duration of HTTP service calls from the server side, in seconds")
                                    .setHistogram(histogram))));
        }
        return request.build();
    }

    /** {@code count} serialized intervals one second apart, ending at {@code endNanos}: bodies for closed-loop load. */
    byte[][] bodies(int count, long endNanos) {
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            long end = endNanos - (count - 1 - i) * 1_000_000_000L;
            out[i] = interval(end - 1_000_000_000L, end).toByteArray();
        }
        return out;
    }

    /** A few requests per second per series, most fast, a tail slower, some beyond 10 s (+Inf). */
    private HistogramDataPoint point(long start, long end, String method, long status, String route, String service) {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(end)
                .addAllExplicitBounds(DURATION_BUCKETS_S)
                .addAttributes(attr("http.request.method", method))
                .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(status)))
                .addAttributes(attr("http.route", route))
                .addAttributes(attr("url.scheme", "http"))
                .addAttributes(attr("server.address", service))
                .addAttributes(KeyValue.newBuilder().setKey("server.port").setValue(AnyValue.newBuilder().setIntValue(8080)));
        long total = 0;
        double sum = 0;
        for (int b = 0; b <= DURATION_BUCKETS_S.size(); b++) {
            // Bucket weights fall off past 100 ms; the first bucket (<= 0 s) stays empty as in Beyla.
            long c = b == 0 ? 0 : b <= 7 ? random.nextInt(6) : random.nextInt(8) == 0 ? 1 : 0;
            if (b == 3 && total == 0) {
                c = Math.max(c, 1); // at least one request: an empty interval makes no row
            }
            p.addBucketCounts(c);
            total += c;
            sum += c * (b < DURATION_BUCKETS_S.size() ? DURATION_BUCKETS_S.get(b) : 12.0);
        }
        return p.setCount(total).setSum(sum).build();
    }

    private static Resource resource(String service, int index) {
        return Resource.newBuilder()
                .addAttributes(attr("service.name", service))
                .addAttributes(attr("telemetry.sdk.language", "go"))
                .addAttributes(attr("telemetry.sdk.name", "beyla"))
                .addAttributes(attr("telemetry.sdk.version", "v3.33.0"))
                .addAttributes(attr("telemetry.distro.name", "opentelemetry-ebpf-instrumentation"))
                .addAttributes(attr("host.name", "web-1"))
                .addAttributes(attr("host.id", "0f3c"))
                .addAttributes(attr("os.type", "linux"))
                .addAttributes(attr("service.instance.id", "web-1:" + (4242 + index)))
                .build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
