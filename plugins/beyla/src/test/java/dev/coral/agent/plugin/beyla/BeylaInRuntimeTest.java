package dev.coral.agent.plugin.beyla;

import static dev.coral.agent.plugin.beyla.receive.BeylaExports.DURATION_BUCKETS_MS;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.DURATION_BUCKETS_S;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.CaptureStoreFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receiver in a runtime, fed by the OpenTelemetry Java SDK's own OTLP exporters (gRPC and
 * HTTP, delta and cumulative) with histograms named, unitized, bucketed and attributed as Beyla's:
 * the ebpf pipeline's store gets the rows.
 */
class BeylaInRuntimeTest {
    @TempDir
    static Path dir;
    private static final CaptureStoreFactory stores = new CaptureStoreFactory();
    private static AgentRuntime agent;
    private static BeylaReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentRuntime.builder().home(dir).loadPlugins(false).factory(stores).factory(new BeylaFactory())
                .configText("""
                        agent { api.listen = ["127.0.0.1:0"] }
                        receivers { beyla { grpc.endpoint = "127.0.0.1:0", http.endpoint = "127.0.0.1:0" } }
                        stores { capture {} }
                        pipelines { ebpf { receivers = [beyla], stores = [capture] } }
                        """).build();
        agent.start();
        receiver = agent.components().stream().map(n -> n.component()).filter(BeylaReceiver.class::isInstance)
                .map(BeylaReceiver.class::cast).findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private static MetricExporter exporter(String transport, String temporality) {
        AggregationTemporalitySelector selector = temporality.equals("delta")
                ? AggregationTemporalitySelector.deltaPreferred() : AggregationTemporalitySelector.alwaysCumulative();
        return switch (transport) {
            case "grpc" -> OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort())
                    .setAggregationTemporalitySelector(selector).setTimeout(Duration.ofSeconds(10)).build();
            case "http" -> OtlpHttpMetricExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics")
                    .setAggregationTemporalitySelector(selector).setTimeout(Duration.ofSeconds(10)).build();
            default -> throw new IllegalArgumentException(transport);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"grpc, delta", "grpc, cumulative", "http, delta", "http, cumulative"})
    void beylaShapedHistogramsBecomeRowsOfEachInterval(String transport, String temporality) {
        String service = "checkout-" + transport + "-" + temporality;
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
                        AttributeKey.stringKey("telemetry.sdk.name"), "beyla")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter(transport, temporality))
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        var meter = provider.get("go.opentelemetry.io/obi");
        DoubleHistogram http = meter.histogramBuilder("http.server.request.duration").setUnit("s")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS_S).build();
        DoubleHistogram rpc = meter.histogramBuilder("rpc.server.call.duration").setUnit("s")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS_S).build();
        Attributes get = Attributes.builder().put("http.request.method", "GET").put("http.response.status_code", 200L)
                .put("http.route", "/orders/{id}").put("url.scheme", "http").put("server.address", "web-1")
                .put("server.port", 8080L).build();
        Attributes cartGet = Attributes.builder().put("rpc.method", "/shop.Cart/Get").put("rpc.system.name", "grpc")
                .put("rpc.response.status_code", "DEADLINE_EXCEEDED").build();
        try {
            http.record(0.003, get);  // (0, 5 ms]
            http.record(0.2, get);    // (100, 250 ms]
            http.record(20, get);     // +Inf
            rpc.record(0.04, cartGet); // (25, 50 ms]
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            List<HttpRed> first = httpRows(service);
            assertThat(first).singleElement().satisfies(row -> {
                assertThat(row.method()).isEqualTo("GET");
                assertThat(row.route()).isEqualTo("/orders/{id}");
                assertThat(row.statusCode()).isEqualTo(200);
                assertThat(row.requestCount()).isEqualTo(3);
                assertThat(row.latency().boundsMs()).containsExactly(DURATION_BUCKETS_MS);
                assertThat(row.latency().counts()).containsExactly(counts(1, 1, 7, 1, 15, 1));
                assertThat(row.attributes()).containsEntry("server.port", "8080").containsEntry("url.scheme", "http");
                assertThat(Instant.ofEpochMilli(row.timestampMillis())).isCloseTo(Instant.now(),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
            });
            List<GrpcRed> calls = grpcRows(service);
            assertThat(calls).singleElement().satisfies(row -> {
                assertThat(row.method()).isEqualTo("/shop.Cart/Get");
                assertThat(row.statusCode()).isEqualTo(4);
                assertThat(row.latency().counts()).containsExactly(counts(4, 1));
            });

            http.record(0.04, get); // (25, 50 ms]
            http.record(0.04, get);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            List<HttpRed> both = httpRows(service);
            assertThat(both).hasSize(2);
            assertThat(both.get(1).latency().counts()).as("only the second interval's requests")
                    .containsExactly(counts(4, 2));
            assertThat(both.get(1).requestCount()).isEqualTo(2);
            assertThat(both.get(1).timestampMillis()).isGreaterThanOrEqualTo(both.get(0).timestampMillis());
            assertThat(grpcRows(service)).as("no call in the second interval: no row").hasSize(1);
        } finally {
            provider.close();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"grpc", "http"})
    void spansBecomeEbpfSpans(String transport) {
        String service = "orders-" + transport;
        SpanExporter exporter = transport.equals("grpc")
                ? OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort()).build()
                : OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.httpPort() + "/v1/traces")
                        .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
                        AttributeKey.longKey("process.pid"), 4242L)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            Instant start = Instant.now();
            provider.get("go.opentelemetry.io/obi").spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(start).setAttribute("http.request.method", "GET").startSpan()
                    .end(start.plusMillis(12));
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !spans(service).isEmpty());
            assertThat(spans(service)).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo("SERVER");
                assertThat(s.durationMicros()).isEqualTo(12_000);
                assertThat(s.startMillis()).isEqualTo(start.toEpochMilli());
                assertThat(s.processPid()).isEqualTo(4242);
                assertThat(s.traceId()).hasSize(32);
                assertThat(s.parentSpanId()).isEmpty();
            });
        } finally {
            provider.close();
        }
    }

    @Test
    void itsCountersAreInTheAgentsMetrics() {
        assertThat(agent.status().snapshot().get("receiver:beyla").health()).isEqualTo(Health.OK);
        assertThat(agent.metrics().scrape()).contains("coral_beyla_unmapped_metric_points_total{")
                .contains("coral_beyla_cumulative_series{").contains("otelcol_receiver_accepted_metric_points_total{");
    }

    private static List<HttpRed> httpRows(String service) {
        return stores.batches(Signal.EBPF).stream().flatMap(b -> b.http().stream())
                .filter(r -> r.serviceName().equals(service)).toList();
    }

    private static List<GrpcRed> grpcRows(String service) {
        return stores.batches(Signal.EBPF).stream().flatMap(b -> b.grpc().stream())
                .filter(r -> r.serviceName().equals(service)).toList();
    }

    private static List<EbpfSpan> spans(String service) {
        return stores.batches(Signal.EBPF).stream().flatMap(b -> b.spans().stream())
                .filter(s -> s.serviceName().equals(service)).toList();
    }
}
