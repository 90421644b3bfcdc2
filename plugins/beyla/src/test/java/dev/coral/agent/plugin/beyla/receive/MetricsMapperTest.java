package dev.coral.agent.plugin.beyla.receive;

import static dev.coral.agent.plugin.beyla.receive.BeylaExports.DURATION_BUCKETS_MS;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.DURATION_BUCKETS_S;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.SECOND;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.T0;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.attr;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.counts;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.histogram;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.httpAttributes;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.metrics;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.point;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.resource;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.testkit.TestTelemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Beyla's RED histograms, shaped as Beyla exports them, to rows. */
class MetricsMapperTest {
    /** The receiver started at T0: series that start later are new to it. */
    private final TestTelemetry telemetry = new TestTelemetry();
    private final MetricsMapper mapper = new MetricsMapper(10_000, T0, new MappingCounters(telemetry));

    private EbpfBatch map(ExportMetricsServiceRequest request) {
        return mapper.map(request).batch();
    }

    private static ExportMetricsServiceRequest httpDelta(long start, long end, long[] counts, String... methodRoute) {
        return metrics(resource("checkout"), histogram("http.server.request.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                point(start, end, DURATION_BUCKETS_S, counts, 1.0, httpAttributes(methodRoute[0], methodRoute[1], 200))));
    }

    @Test
    void aDeltaHttpPointIsOneRowInMillisecondsWithItsInfBucket() {
        long[] counts = counts(1, 3, 7, 2, 15, 1); // 3 in (0, 5 ms], 2 in (100, 250 ms], 1 above 10 s
        EbpfBatch batch = map(metrics(resource("checkout"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_DELTA,
                point(T0 + 10 * SECOND, T0 + 15 * SECOND, DURATION_BUCKETS_S, counts, 12.3,
                        httpAttributes("POST", "/orders/{id}", 503)))));

        assertThat(batch.http()).hasSize(1);
        HttpRed row = batch.http().getFirst();
        assertThat(row.serviceName()).isEqualTo("checkout");
        assertThat(row.method()).isEqualTo("POST");
        assertThat(row.route()).isEqualTo("/orders/{id}");
        assertThat(row.statusCode()).isEqualTo(503);
        assertThat(row.timestampMillis()).isEqualTo((T0 + 15 * SECOND) / 1_000_000);
        assertThat(row.requestCount()).isEqualTo(6);
        assertThat(row.latency().boundsMs()).containsExactly(DURATION_BUCKETS_MS);
        assertThat(row.latency().counts()).hasSize(DURATION_BUCKETS_MS.length + 1).containsExactly(counts);
        assertThat(row.latency().counts()[DURATION_BUCKETS_MS.length]).as("+Inf bucket").isEqualTo(1);
        assertThat(row.attributes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("url.scheme", "http", "server.address", "web-1", "server.port", "8080"));
        assertThat(batch.grpc()).isEmpty();
        assertThat(batch.sql()).isEmpty();
    }

    @Test
    void oldBeylaLayoutWithOldSemanticConventionKeys() {
        // Beyla 0.x: http.server.duration, http.method / http.status_code / http.target, service.name on the point.
        EbpfBatch batch = map(metrics(io.opentelemetry.proto.resource.v1.Resource.getDefaultInstance(),
                histogram("http.server.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(3, 4), 0.1,
                                attr("http.method", "GET"), attr("http.status_code", 404),
                                attr("http.target", "/items/7?color=red"), attr("service.name", "legacy")))));

        HttpRed row = batch.http().getFirst();
        assertThat(row.serviceName()).isEqualTo("legacy");
        assertThat(row.method()).isEqualTo("GET");
        assertThat(row.statusCode()).isEqualTo(404);
        assertThat(row.route()).as("the path without its query when there is no route").isEqualTo("/items/7");
        assertThat(row.requestCount()).isEqualTo(4);
        assertThat(row.attributes()).isEmpty();
    }

    @Test
    void theRouteFallsBackToUrlPathAndAStatusSentAsTextIsRead() {
        EbpfBatch batch = map(metrics(resource("web"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_DELTA, point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(0, 1), 0,
                        attr("http.request.method", "DELETE"), attr("http.response.status_code", "204"),
                        attr("url.path", "/carts/9")))));
        HttpRed row = batch.http().getFirst();
        assertThat(row.route()).isEqualTo("/carts/9");
        assertThat(row.statusCode()).isEqualTo(204);
    }

    @Test
    void millisecondHistogramsKeepTheirBounds() {
        List<Double> boundsMs = List.of(1.0, 10.0, 100.0);
        EbpfBatch batch = map(metrics(resource("web"), histogram("http.server.duration", "ms",
                AGGREGATION_TEMPORALITY_DELTA, point(T0, T0 + SECOND, boundsMs, new long[] {1, 2, 3, 4}, 0,
                        attr("http.method", "GET"), attr("http.status_code", 200), attr("http.route", "/")))));
        assertThat(batch.http().getFirst().latency()).isEqualTo(new LatencyHistogram(new double[] {1, 10, 100},
                new long[] {1, 2, 3, 4}));
    }

    @Test
    void secondsBecomeExactMilliseconds() {
        assertThat(LatencyUnit.SECONDS.toMillis(DURATION_BUCKETS_S)).containsExactly(DURATION_BUCKETS_MS);
        assertThat(LatencyUnit.MICROSECONDS.toMillis(List.of(1500.0))).containsExactly(1.5);
        assertThat(LatencyUnit.of("By")).isEmpty();
    }

    @Test
    void grpcCurrentAndOldLayouts() {
        EbpfBatch batch = map(metrics(resource("cart"),
                // Beyla 3.3x: rpc.server.call.duration, the status as a name.
                histogram("rpc.server.call.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(2, 5), 0, attr("rpc.method", "/shop.Cart/Get"),
                                attr("rpc.system.name", "grpc"), attr("rpc.response.status_code", "NOT_FOUND"),
                                attr("server.address", "cart-1"))),
                // Beyla up to 3.2x: rpc.server.duration, rpc.grpc.status_code as an int.
                histogram("rpc.server.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(8, 1), 0, attr("rpc.method", "/shop.Cart/Put"),
                                attr("rpc.system", "grpc"), attr("rpc.grpc.status_code", 14))),
                // The semantic conventions' split form.
                histogram("rpc.server.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(1, 2), 0, attr("rpc.service", "shop.Cart"),
                                attr("rpc.method", "List"), attr("rpc.grpc.status_code", 0)))));

        assertThat(batch.grpc()).extracting(GrpcRed::method, GrpcRed::statusCode, GrpcRed::requestCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/shop.Cart/Get", 5, 5L),
                        org.assertj.core.groups.Tuple.tuple("/shop.Cart/Put", 14, 1L),
                        org.assertj.core.groups.Tuple.tuple("/shop.Cart/List", 0, 2L));
        assertThat(batch.grpc().getFirst().serviceName()).isEqualTo("cart");
        assertThat(batch.grpc().getFirst().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("rpc.system.name", "grpc", "server.address", "cart-1"));
        assertThat(batch.grpc().getFirst().latency().boundsMs()).containsExactly(DURATION_BUCKETS_MS);
    }

    @Test
    void grpcStatusNamesAndNumbers() {
        assertThat(GrpcStatusCodes.of("OK")).isZero();
        assertThat(GrpcStatusCodes.of("DEADLINE_EXCEEDED")).isEqualTo(4);
        assertThat(GrpcStatusCodes.of("UNAUTHENTICATED")).isEqualTo(16);
        assertThat(GrpcStatusCodes.of("13")).isEqualTo(13);
        assertThat(GrpcStatusCodes.of("")).as("absent: unknown, never OK").isEqualTo(2);
        assertThat(GrpcStatusCodes.of("99")).isEqualTo(2);
        assertThat(GrpcRows.fullMethod("", "shop.Cart/Get")).isEqualTo("/shop.Cart/Get");
    }

    @Test
    void sqlCurrentAndOldLayouts() {
        EbpfBatch batch = map(metrics(resource("orders-db-client"),
                histogram("db.client.operation.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(3, 9), 0, attr("db.operation.name", "SELECT"),
                                attr("db.collection.name", "orders"), attr("db.system.name", "postgresql"),
                                attr("server.address", "pg"))),
                histogram("sql.client.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                        point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(4, 2), 0, attr("db.operation", "INSERT"),
                                attr("db.sql.table", "audit")))));

        assertThat(batch.sql()).extracting(SqlRed::operation, SqlRed::table, SqlRed::queryCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SELECT", "orders", 9L),
                org.assertj.core.groups.Tuple.tuple("INSERT", "audit", 2L));
        assertThat(batch.sql().getFirst().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("db.system.name", "postgresql", "server.address", "pg"));
    }

    @Test
    void cumulativeSeriesBecomeDeltas() {
        long beylaStart = T0 - 60 * SECOND; // Beyla was running before the receiver started
        assertThat(map(cumulative(beylaStart, T0 + 5 * SECOND, counts(1, 10, 3, 2))).http())
                .as("the first point only primes: its counts may have been stored by an earlier run").isEmpty();
        assertThat(telemetry.value("coral_beyla_cumulative_primed_points")).isEqualTo(1);

        HttpRed second = map(cumulative(beylaStart, T0 + 10 * SECOND, counts(1, 14, 3, 2, 15, 1))).http().getFirst();
        assertThat(second.latency().counts()).containsExactly(counts(1, 4, 15, 1));
        assertThat(second.requestCount()).isEqualTo(5);
        assertThat(second.timestampMillis()).isEqualTo((T0 + 10 * SECOND) / 1_000_000);

        assertThat(map(cumulative(beylaStart, T0 + 15 * SECOND, counts(1, 14, 3, 2, 15, 1))).http())
                .as("no request in the interval: no row").isEmpty();
        assertThat(map(cumulative(beylaStart, T0 + 12 * SECOND, counts(1, 20))).http())
                .as("older than the last point: ignored").isEmpty();
        assertThat(telemetry.value("coral_beyla_cumulative_stale_points")).isEqualTo(1);

        HttpRed after = map(cumulative(beylaStart, T0 + 20 * SECOND, counts(1, 16, 3, 2, 15, 1))).http().getFirst();
        assertThat(after.latency().counts()).containsExactly(counts(1, 2));
    }

    @Test
    void aRestartedSeriesGivesItsNewPointWhole() {
        long beylaStart = T0 - 60 * SECOND;
        map(cumulative(beylaStart, T0 + 5 * SECOND, counts(1, 10)));
        map(cumulative(beylaStart, T0 + 10 * SECOND, counts(1, 12)));

        long restart = T0 + 11 * SECOND; // Beyla restarted: a new start time
        HttpRed whole = map(cumulative(restart, T0 + 15 * SECOND, counts(1, 3, 2, 1))).http().getFirst();
        assertThat(whole.latency().counts()).containsExactly(counts(1, 3, 2, 1));

        // Same start time but a count that went down (start times not kept across a restart).
        HttpRed down = map(cumulative(restart, T0 + 20 * SECOND, counts(1, 1))).http().getFirst();
        assertThat(down.latency().counts()).containsExactly(counts(1, 1));
        assertThat(telemetry.value("coral_beyla_cumulative_restarts")).isEqualTo(2);
        assertThat(map(cumulative(beylaStart, T0 + 10 * SECOND, counts(1, 30))).http())
                .as("a late point of the run before the restart: ignored, not a restart").isEmpty();
        assertThat(telemetry.value("coral_beyla_cumulative_stale_points")).isEqualTo(1);
    }

    @Test
    void aSeriesThatStartedAfterTheReceiverIsTakenWholeFromItsFirstPoint() {
        HttpRed first = map(cumulative(T0 + SECOND, T0 + 5 * SECOND, counts(1, 2, 0, 1))).http().getFirst();
        assertThat(first.requestCount()).isEqualTo(3);
        assertThat(map(cumulative(T0 + SECOND, T0 + 10 * SECOND, counts(1, 3, 0, 1))).http().getFirst().requestCount())
                .isEqualTo(1);
    }

    @Test
    void seriesAreKeyedByMetricResourceAndAttributesInAnyOrder() {
        long start = T0 + SECOND;
        HistogramDataPoint a = point(start, T0 + 5 * SECOND, DURATION_BUCKETS_S, counts(1, 1), 0,
                attr("http.request.method", "GET"), attr("http.route", "/a"), attr("http.response.status_code", 200));
        HistogramDataPoint aReordered = point(start, T0 + 10 * SECOND, DURATION_BUCKETS_S, counts(1, 3), 0,
                attr("http.route", "/a"), attr("http.response.status_code", 200), attr("http.request.method", "GET"));
        HistogramDataPoint b = point(start, T0 + 10 * SECOND, DURATION_BUCKETS_S, counts(1, 3), 0,
                attr("http.request.method", "GET"), attr("http.route", "/b"), attr("http.response.status_code", 200));
        map(metrics(resource("web"), histogram("http.server.request.duration", "s", AGGREGATION_TEMPORALITY_CUMULATIVE, a)));
        EbpfBatch batch = map(metrics(resource("web"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE, aReordered, b)));
        assertThat(batch.http()).extracting(HttpRed::route, HttpRed::requestCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a", 2L), org.assertj.core.groups.Tuple.tuple("/b", 3L));
        EbpfBatch otherService = map(metrics(resource("api"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE, aReordered)));
        assertThat(otherService.http().getFirst().requestCount()).as("another resource is another series").isEqualTo(3);
    }

    @Test
    void aRefusedBatchIsTakenBackSoTheNextPointCarriesItsCounts() {
        long beylaStart = T0 - 60 * SECOND;
        map(cumulative(beylaStart, T0 + 5 * SECOND, counts(1, 10)));
        Mapped refused = mapper.map(cumulative(beylaStart, T0 + 10 * SECOND, counts(1, 14)));
        assertThat(refused.batch().http().getFirst().requestCount()).isEqualTo(4);
        refused.undo().run();

        assertThat(map(cumulative(beylaStart, T0 + 10 * SECOND, counts(1, 14))).http().getFirst().requestCount())
                .as("the client's retry of the same request").isEqualTo(4);
        Mapped refusedAgain = mapper.map(cumulative(beylaStart, T0 + 15 * SECOND, counts(1, 20)));
        refusedAgain.undo().run();
        assertThat(map(cumulative(beylaStart, T0 + 20 * SECOND, counts(1, 21))).http().getFirst().requestCount())
                .as("or its next point: both intervals").isEqualTo(7);
    }

    @Test
    void theSeriesStateIsBoundedAndAForgottenSeriesIsPrimedAgain() {
        TestTelemetry t = new TestTelemetry();
        MetricsMapper small = new MetricsMapper(2, T0, new MappingCounters(t));
        long start = T0 + SECOND; // started after the receiver: first points are taken whole
        for (String route : List.of("/a", "/b", "/c")) {
            small.map(metrics(resource("web"), histogram("http.server.request.duration", "s",
                    AGGREGATION_TEMPORALITY_CUMULATIVE, point(start, T0 + 5 * SECOND, DURATION_BUCKETS_S, counts(1, 1), 0,
                            httpAttributes("GET", route, 200)))));
        }
        assertThat(small.series()).isEqualTo(2);
        assertThat(t.value("coral_beyla_cumulative_series_evicted")).isEqualTo(1);
        EbpfBatch again = small.map(metrics(resource("web"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE, point(start, T0 + 10 * SECOND, DURATION_BUCKETS_S, counts(1, 5), 0,
                        httpAttributes("GET", "/a", 200))))).batch();
        assertThat(again.http()).as("its first point was counted before it was forgotten: not counted twice").isEmpty();
    }

    @Test
    void otherMetricsAndShapesAreCountedAndDropped() {
        Metric gauge = Metric.newBuilder().setName("process.cpu.utilization")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.getDefaultInstance())
                        .addDataPoints(NumberDataPoint.getDefaultInstance())).build();
        Metric clientDuration = histogram("http.client.request.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(1, 1), 0));
        Metric exponential = Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(ExponentialHistogramDataPoint.getDefaultInstance())).build();
        Metric badCounts = histogram("rpc.server.duration", "s", AGGREGATION_TEMPORALITY_DELTA,
                point(T0, T0 + SECOND, DURATION_BUCKETS_S, new long[] {1, 2}, 0));
        Metric bytes = histogram("http.server.request.duration", "By", AGGREGATION_TEMPORALITY_DELTA,
                point(T0, T0 + SECOND, DURATION_BUCKETS_S, counts(1, 1), 0));

        assertThat(map(metrics(resource("web"), gauge, clientDuration, exponential, badCounts, bytes)).isEmpty()).isTrue();
        assertThat(telemetry.value("coral_beyla_unmapped_metric_points", Map.of("reason", "other_metric"))).isEqualTo(3);
        assertThat(telemetry.value("coral_beyla_unmapped_metric_points", Map.of("reason", "not_explicit_histogram")))
                .isEqualTo(1);
        assertThat(telemetry.value("coral_beyla_unmapped_metric_points", Map.of("reason", "invalid"))).isEqualTo(2);
    }

    @Test
    void deltaPointsWithoutRequestsMakeNoRow() {
        assertThat(map(httpDelta(T0, T0 + SECOND, counts(), "GET", "/")).isEmpty()).isTrue();
    }

    private static ExportMetricsServiceRequest cumulative(long start, long time, long[] counts) {
        return metrics(resource("checkout"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE, point(start, time, DURATION_BUCKETS_S, counts, 0,
                        httpAttributes("GET", "/orders", 200))));
    }
}
