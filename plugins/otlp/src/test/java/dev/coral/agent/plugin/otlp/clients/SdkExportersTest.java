package dev.coral.agent.plugin.otlp.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.otlp.support.ReceiverLauncher;
import dev.coral.agent.support.testing.Requests;
import dev.coral.agent.support.testing.ServerFixture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenTelemetry Java SDK's own OTLP exporters, gRPC and HTTP, against the receiver. */
class SdkExportersTest {
    private static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ServerFixture.start("", List.of(Signal.TRACES, Signal.METRICS, Signal.LOGS), 512L << 20, new ReceiverLauncher());
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static SpanExporter spanExporter(String transport) {
        return switch (transport) {
            case "grpc" -> OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + fx.grpcPort())
                    .setCompression("gzip").setTimeout(Duration.ofSeconds(10)).build();
            case "http" -> OtlpHttpSpanExporter.builder().setEndpoint(fx.httpBase() + "/v1/traces")
                    .setTimeout(Duration.ofSeconds(10)).build();
            default -> throw new IllegalArgumentException(transport);
        };
    }

    private static MetricExporter metricExporter(String transport) {
        return switch (transport) {
            case "grpc" -> OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + fx.grpcPort()).build();
            case "http" -> OtlpHttpMetricExporter.builder().setEndpoint(fx.httpBase() + "/v1/metrics")
                    .setCompression("gzip").build();
            default -> throw new IllegalArgumentException(transport);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "http"})
    void spansArriveWithServiceNameAttributesStatusAndTiming(String transport) {
        String service = "checkout-" + transport;
        Instant start = Instant.parse("2026-11-01T10:00:00.123456789Z");
        Instant end = start.plusMillis(250);
        SpanExporter exporter = spanExporter(transport);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        var tracer = provider.get("coral-test");
        var parent = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start).startSpan();
        parent.setAttribute("http.request.method", "GET");
        parent.setAttribute("http.response.status_code", 500L);
        parent.setAttribute(AttributeKey.booleanKey("retry"), true);
        parent.setStatus(StatusCode.ERROR, "upstream timed out");
        tracer.spanBuilder("SELECT orders").setParent(io.opentelemetry.context.Context.current().with(parent))
                .setSpanKind(SpanKind.CLIENT).setStartTimestamp(start.plusMillis(10)).startSpan()
                .end(start.plusMillis(200));
        parent.end(end);
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.close();

        List<Span> spans = spansOf(service);
        assertThat(spans).hasSize(2);
        Span server = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        Span client = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
        assertThat(server.getName()).isEqualTo("GET /orders/{id}");
        assertThat(server.getStartTimeUnixNano()).isEqualTo(start.getEpochSecond() * 1_000_000_000L + start.getNano());
        assertThat(server.getEndTimeUnixNano() - server.getStartTimeUnixNano()).isEqualTo(250_000_000L);
        assertThat(server.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(server.getStatus().getMessage()).isEqualTo("upstream timed out");
        Map<String, KeyValue> attrs = server.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
        assertThat(attrs.get("http.request.method").getValue().getStringValue()).isEqualTo("GET");
        assertThat(attrs.get("http.response.status_code").getValue().getIntValue()).isEqualTo(500);
        assertThat(attrs.get("retry").getValue().getBoolValue()).isTrue();
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(fx.counter("otelcol_receiver_accepted_spans", transport)).isGreaterThanOrEqualTo(2);
    }

    private static List<Span> spansOf(String service) {
        return fx.traces.batches().stream()
                .flatMap(r -> r.getResourceSpansList().stream())
                .filter(rs -> Requests.serviceName(rs).equals(service))
                .flatMap((ResourceSpans rs) -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream())
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "http"})
    void metricsArrive(String transport) {
        String service = "inventory-" + transport;
        MetricExporter exporter = metricExporter(transport);
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build();
        var meter = provider.get("coral-test");
        var counter = meter.counterBuilder("orders.placed").build();
        counter.add(3, Attributes.of(AttributeKey.stringKey("region"), "eu"));
        counter.add(4, Attributes.of(AttributeKey.stringKey("region"), "us"));
        meter.histogramBuilder("order.latency").setUnit("ms").build().record(12.5);
        CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).isTrue();
        provider.close();

        List<Metric> metrics = fx.metrics.batches().stream()
                .flatMap(r -> r.getResourceMetricsList().stream())
                .filter(rm -> rm.getResource().getAttributesList().stream()
                        .anyMatch(kv -> kv.getValue().getStringValue().equals(service)))
                .flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream())
                .toList();
        Metric orders = metrics.stream().filter(m -> m.getName().equals("orders.placed")).findFirst().orElseThrow();
        assertThat(orders.getSum().getDataPointsList()).extracting(p -> p.getAsInt()).containsExactlyInAnyOrder(3L, 4L);
        assertThat(metrics).anySatisfy(m -> assertThat(m.getName()).isEqualTo("order.latency"));
        assertThat(fx.counter("otelcol_receiver_accepted_metric_points", transport)).isGreaterThanOrEqualTo(3);
    }

    @org.junit.jupiter.api.Test
    void logsArriveOverHttp() {
        var exporter = OtlpHttpLogRecordExporter.builder().setEndpoint(fx.httpBase() + "/v1/logs").build();
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        provider.get("coral-test").logRecordBuilder().setSeverity(Severity.WARN).setBody("disk almost full").emit();
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.logs.batches().stream()
                .flatMap(r -> r.getResourceLogsList().stream())
                .flatMap(rl -> rl.getScopeLogsList().stream())
                .flatMap(sl -> sl.getLogRecordsList().stream())
                .anyMatch(l -> l.getBody().getStringValue().equals("disk almost full")));
    }
}
