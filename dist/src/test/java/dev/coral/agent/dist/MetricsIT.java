package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.MetricPoint;
import dev.coral.agent.server.v1.MetricPointType;
import dev.coral.agent.server.v1.QueryMetricsRequest;
import dev.coral.agent.server.v1.QueryMetricsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application metrics from the OpenTelemetry Java SDK's OTLP metric exporters (gRPC, and HTTP with
 * exponential histograms chosen by the exporter's aggregation selector) into the distribution on
 * its default config: every point kept, with resource, scope and service, and read back through
 * {@code AgentQueryService/QueryMetrics} and {@code coral-agent query metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "checkout", AttributeKey.stringKey("deployment.environment"), "it")));
    private static final List<String> NAMES = List.of("app.requests", "app.queue.size", "app.latency",
            "app.temperature", "app.payload.size");
    /**
     * Of {@link #NAMES}: two collections over gRPC, 2 gauge, 2 x 2 counter, 2 up-down and 2 histogram
     * points; one over HTTP. (The SDK adds points of its own metrics, e.g.
     * otel.sdk.metric_reader.collection.duration, as any application would send them.)
     */
    private static final int POINTS = 11;

    Distribution dist;
    RunningAgent agent;
    ManagedChannel channel;

    @BeforeAll
    void startAgentAndSendMetrics(@TempDir Path dir) {
        dist = Distribution.copyInto(dir);
        agent = new RunningAgent(dist).start(); // the default pipelines.conf
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.api).usePlaintext().build();

        SdkMeterProvider grpc = provider(OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + agent.otlpGrpc).setTimeout(10, TimeUnit.SECONDS).build());
        Meter meter = grpc.meterBuilder("dev.coral.it.meter").setInstrumentationVersion("1.0.0").build();
        LongCounter requests = meter.counterBuilder("app.requests").setUnit("{request}")
                .setDescription("Requests served").build();
        LongUpDownCounter queue = meter.upDownCounterBuilder("app.queue.size").build();
        DoubleHistogram latency = meter.histogramBuilder("app.latency").setUnit("ms").build();
        meter.gaugeBuilder("app.temperature").setUnit("Cel")
                .buildWithCallback(g -> g.record(21.5, Attributes.of(AttributeKey.stringKey("room"), "lab")));
        Attributes pay = Attributes.of(AttributeKey.stringKey("route"), "/pay");
        requests.add(3, pay);
        requests.add(2, Attributes.of(AttributeKey.stringKey("route"), "/cart"));
        queue.add(5);
        queue.add(-2);
        latency.record(3);
        latency.record(7);
        latency.record(120);
        flush(grpc);
        requests.add(1, pay);
        latency.record(50);
        shutdown(grpc); // the second collection: a reader exports once more as it shuts down

        SdkMeterProvider http = provider(OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + agent.otlpHttp + "/v1/metrics").setTimeout(10, TimeUnit.SECONDS)
                .setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                        .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram()))
                .build());
        DoubleHistogram sizes = http.meterBuilder("dev.coral.it.meter").setInstrumentationVersion("1.0.0").build()
                .histogramBuilder("app.payload.size").setUnit("By").build();
        sizes.record(100);
        sizes.record(2_000);
        sizes.record(2_100);
        shutdown(http);
    }

    private static SdkMeterProvider provider(MetricExporter exporter) {
        // Exports only when flushed: the test decides how many collections there are.
        return SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(PeriodicMetricReader
                .builder(exporter).setInterval(Duration.ofHours(1)).build()).build();
    }

    /** One collection and export; the agent answered OK, so its points are durable. */
    private void flush(SdkMeterProvider provider) {
        CompletableResultCode done = provider.forceFlush().join(20, TimeUnit.SECONDS);
        assertThat(done.isSuccess()).as(dist.stderr()).isTrue();
    }

    private void shutdown(SdkMeterProvider provider) {
        CompletableResultCode done = provider.shutdown().join(20, TimeUnit.SECONDS);
        assertThat(done.isSuccess()).as(dist.stderr()).isTrue();
    }

    @AfterAll
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void everyPointComesBackTypedWithResourceScopeAndService() {
        QueryMetricsResponse answer = AgentQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .queryMetrics(QueryMetricsRequest.newBuilder().addAllMetricNames(NAMES)
                        .setSinceMs(System.currentTimeMillis() - 600_000).build());
        List<MetricPoint> points = answer.getPointsList();
        assertThat(points).hasSize(POINTS).allSatisfy(p -> {
            assertThat(p.getServiceName()).isEqualTo("checkout");
            assertThat(p.getScopeName()).isEqualTo("dev.coral.it.meter");
            assertThat(p.getScopeVersion()).isEqualTo("1.0.0");
            assertThat(attribute(p.getResourceAttributesList(), "deployment.environment"))
                    .isEqualTo("it");
            assertThat(attribute(p.getResourceAttributesList(), "telemetry.sdk.language"))
                    .isEqualTo("java");
            assertThat(p.getTimeUnixNano()).isGreaterThanOrEqualTo(p.getStartTimeUnixNano()).isPositive();
        });
        assertThat(points).extracting(MetricPoint::getType).as("by type").isSorted();

        assertThat(named(points, "app.temperature")).hasSize(2).allSatisfy(p -> {
            assertThat(p.getType()).isEqualTo(MetricPointType.METRIC_POINT_TYPE_GAUGE);
            assertThat(p.getValue()).isEqualTo(21.5);
            assertThat(p.hasIntValue()).isFalse();
            assertThat(p.getUnit()).isEqualTo("Cel");
            assertThat(attribute(p.getAttributesList(), "room")).isEqualTo("lab");
        });
        List<MetricPoint> counter = named(points, "app.requests");
        assertThat(counter).hasSize(4).allSatisfy(p -> {
            assertThat(p.getType()).isEqualTo(MetricPointType.METRIC_POINT_TYPE_SUM);
            assertThat(p.getIsMonotonic()).isTrue();
            assertThat(p.getAggregationTemporality()).isEqualTo("cumulative");
            assertThat(p.getUnit()).isEqualTo("{request}");
            assertThat(p.getDescription()).isEqualTo("Requests served");
        });
        assertThat(counter).extracting(p -> attribute(p.getAttributesList(), "route") + "="
                + p.getIntValue()).containsExactlyInAnyOrder("/pay=3", "/cart=2", "/pay=4", "/cart=2");
        assertThat(named(points, "app.queue.size")).hasSize(2).allSatisfy(p -> {
            assertThat(p.getType()).isEqualTo(MetricPointType.METRIC_POINT_TYPE_SUM);
            assertThat(p.getIsMonotonic()).as("an up-down counter").isFalse();
            assertThat(p.getIntValue()).isEqualTo(3);
        });
        List<MetricPoint> latency = named(points, "app.latency");
        assertThat(latency).extracting(MetricPoint::getType).containsOnly(MetricPointType.METRIC_POINT_TYPE_HISTOGRAM);
        assertThat(latency).extracting(MetricPoint::getCount, MetricPoint::getSum, MetricPoint::getMin, MetricPoint::getMax)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 130.0, 3.0, 120.0),
                        org.assertj.core.groups.Tuple.tuple(4L, 180.0, 3.0, 120.0));
        assertThat(latency.getFirst().getExplicitBoundsList()).as("the SDK's default buckets")
                .startsWith(0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0);
        assertThat(latency.getFirst().getBucketCountsCount()).isEqualTo(latency.getFirst().getExplicitBoundsCount() + 1);
        assertThat(latency.getFirst().getBucketCountsList().subList(0, 4)).containsExactly(0L, 1L, 1L, 0L);
        MetricPoint sizes = named(points, "app.payload.size").getFirst();
        assertThat(sizes.getType()).isEqualTo(MetricPointType.METRIC_POINT_TYPE_EXPONENTIAL_HISTOGRAM);
        assertThat(sizes.getCount()).isEqualTo(3);
        assertThat(sizes.getSum()).isEqualTo(4_200.0);
        assertThat(sizes.getMin()).isEqualTo(100.0);
        assertThat(sizes.getMax()).isEqualTo(2_100.0);
        assertThat(sizes.getPositiveBucketCountsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        assertThat(sizes.getScale()).isBetween(-10, 20);
        assertThat(sizes.getZeroCount()).isZero();
    }

    @Test
    void cliPrintsTheTableJsonAndChart() throws Exception {
        Distribution.Result json = dist.run("query", "metrics", "--agent", agent.apiAddress(), "--since", "10m",
                "--name", "app.requests", "--service", "checkout", "--json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode answer = JSON.readTree(json.stdout());
        assertThat(answer.path("points")).hasSize(4).allSatisfy(p -> {
            assertThat(p.path("type").asText()).isEqualTo("METRIC_POINT_TYPE_SUM");
            assertThat(p.path("serviceName").asText()).isEqualTo("checkout");
            assertThat(attribute(p.path("resourceAttributes"), "service.name")).isEqualTo("checkout");
            assertThat(attribute(p.path("attributes"), "route")).isIn("/pay", "/cart");
            assertThat(p.path("isMonotonic").asBoolean()).isTrue();
        });
        assertThat(answer.path("truncated").isBoolean()).as("zero values are printed too").isTrue();
        assertThat(answer.path("truncated").asBoolean()).isFalse();

        Distribution.Result table = dist.run("query", "metrics", "--agent", agent.apiAddress(), "--since", "10m");
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout().lines().findFirst().orElseThrow()).startsWith("TIME").contains("SERVICE", "METRIC",
                "TYPE", "VALUE", "ATTRIBUTES");
        assertThat(table.stdout()).containsPattern("checkout\\s+app\\.requests\\s+counter\\s+4\\s+\\{request}\\s+route=/pay")
                .containsPattern("checkout\\s+app\\.queue\\.size\\s+up-down\\s+3")
                .containsPattern("app\\.latency\\s+histogram\\s+count=3 sum=130 mean=43\\.33 min=3 max=120 \\[≤0:0 ≤5:1 ≤10:1")
                .containsPattern("app\\.payload\\.size\\s+exp-histogram\\s+count=3 sum=4200")
                .containsPattern("app\\.temperature\\s+gauge\\s+21\\.50\\s+Cel\\s+room=lab");

        Distribution.Result chart = dist.run("query", "metrics", "--agent", agent.apiAddress(), "--since", "10m",
                "--name", "app.latency", "--chart");
        assertThat(chart.exitCode()).as(chart.stderr()).isZero();
        assertThat(chart.stdout().lines().findFirst().orElseThrow()).startsWith("app.latency (mean per interval) [ms]");
        // Two intervals: 130/3, then the one value recorded since, 50.
        assertThat(chart.stdout()).containsPattern("service=checkout\\s+[▁▂▃▄▅▆▇█]+\\s+43\\.33\\s+50\\s+50");
    }

    @Test
    void everyAcceptedPointIsKept() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + agent.apiAddress() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        long accepted = 0;
        Matcher m = Pattern.compile("(?m)^otelcol_receiver_accepted_metric_points_total\\{receiver=\"otlp\",[^}]*} (\\d+)$")
                .matcher(metrics.body());
        List<String> transports = new ArrayList<>();
        while (m.find()) {
            accepted += Long.parseLong(m.group(1));
            transports.add(m.group());
        }
        assertThat(transports).as("gRPC and HTTP").hasSize(2);
        assertThat(accepted).isGreaterThanOrEqualTo(POINTS);

        JsonNode status = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + agent.apiAddress() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        long kept = 0;
        for (JsonNode t : status.path("storage").get(0).path("tables")) {
            if (t.path("name").asText().startsWith("otel_metrics_")) {
                kept += t.path("rows").asLong();
            }
        }
        assertThat(kept).as("the store keeps every point the receiver accepted").isEqualTo(accepted);
        assertThat(status.path("counters").path("coral_store_unkept_metrics").asLong()).isZero();
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst().orElseThrow().getValue()
                .getStringValue();
    }

    /** A string attribute of OTLP/JSON KeyValues: {@code [{"key": k, "value": {"stringValue": v}}]}. */
    private static String attribute(JsonNode attributes, String key) {
        for (JsonNode kv : attributes) {
            if (kv.path("key").asText().equals(key)) {
                return kv.path("value").path("stringValue").asText();
            }
        }
        throw new AssertionError("no attribute " + key + " in " + attributes);
    }

    private static List<MetricPoint> named(List<MetricPoint> points, String name) {
        return points.stream().filter(p -> p.getMetricName().equals(name)).toList();
    }

}
