package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.LogRecord;
import dev.coral.agent.server.v1.QueryLogsRequest;
import dev.coral.agent.server.v1.QueryLogsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs on the distribution's default pipelines.conf, as an application sends them: the
 * OpenTelemetry Java SDK's logger with its OTLP/gRPC and OTLP/HTTP exporters, one record emitted
 * inside an active span. Read back whole and typed through the QueryLogs RPC and
 * {@code coral-agent query logs}; every record the receiver counted as accepted is kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HTTP_RECORDS = 5;

    Distribution dist;
    RunningAgent agent;
    ManagedChannel channel;
    SpanContext span;

    @BeforeAll
    void startOnTheDefaultConfigAndSendLogs(@TempDir Path dir) {
        dist = Distribution.copyInto(dir);
        agent = new RunningAgent(dist).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.api).usePlaintext().build();

        OtlpGrpcLogRecordExporter grpc = OtlpGrpcLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + agent.otlpGrpc).setTimeout(10, TimeUnit.SECONDS).build();
        send(grpc, "shop", logger -> {
            // A tracer without a span processor makes no real spans (SDK 1.68): the spans are kept in memory.
            SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
            Span s = tracing.get("shop").spanBuilder("POST /pay").startSpan();
            try (Scope ignored = s.makeCurrent()) {
                span = s.getSpanContext();
                logger.logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                        .setBody("payment declined for order 7").setEventName("payment.declined")
                        .setAttribute(AttributeKey.longKey("order.id"), 7L)
                        .setAttribute(AttributeKey.doubleKey("amount"), 12.5)
                        .setAttribute(AttributeKey.booleanKey("retry"), true)
                        .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("card", "eu")).emit();
            } finally {
                s.end();
                tracing.shutdown().join(5, TimeUnit.SECONDS);
            }
            logger.logRecordBuilder().setSeverity(Severity.ERROR)
                    .setBody(Value.of(KeyValue.of("order", Value.of(8L)), KeyValue.of("status", Value.of("failed"))))
                    .emit();
            logger.logRecordBuilder().setSeverity(Severity.INFO).setBody("cart opened").emit();
        });

        OtlpHttpLogRecordExporter http = OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + agent.otlpHttp + "/v1/logs").setTimeout(10, TimeUnit.SECONDS).build();
        send(http, "mailer", logger -> {
            for (int i = 0; i < HTTP_RECORDS; i++) {
                logger.logRecordBuilder().setSeverity(Severity.DEBUG).setBody("mail " + i + " queued").emit();
            }
        });
    }

    /** Emits through a logger provider of {@code service} and waits until the agent acknowledged every record. */
    private void send(LogRecordExporter exporter, String service, java.util.function.Consumer<Logger> emit) {
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service))))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        try {
            emit.accept(provider.get("com.shop.app"));
            assertThat(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).as(dist.stderr()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
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

    private QueryLogsResponse query(QueryLogsRequest request) {
        return AgentQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .queryLogs(request);
    }

    @Test
    @Order(1)
    void theRpcGivesEveryRecordBackTyped() {
        List<LogRecord> shop = await().atMost(Duration.ofSeconds(30)).until(() -> query(QueryLogsRequest.newBuilder()
                .addServiceNames("shop").build()).getRecordsList(), r -> r.size() == 3);
        Map<String, LogRecord> bySeverity = shop.stream()
                .collect(Collectors.toMap(r -> Integer.toString(r.getSeverityNumber()), Function.identity()));

        LogRecord warn = bySeverity.get("13");
        assertThat(warn.getBody()).isEqualTo(AnyValue.newBuilder().setStringValue("payment declined for order 7").build());
        assertThat(warn.getTraceId()).isEqualTo(span.getTraceId());
        assertThat(warn.getSpanId()).isEqualTo(span.getSpanId());
        assertThat(warn.getFlags()).as("W3C flags: sampled, random trace id").isEqualTo(span.getTraceFlags().asByte());
        assertThat(warn.getSeverityText()).isEqualTo("WARN");
        assertThat(warn.getEventName()).isEqualTo("payment.declined");
        assertThat(warn.getScopeName()).isEqualTo("com.shop.app");
        assertThat(warn.getServiceName()).isEqualTo("shop");
        Map<String, AnyValue> attributes = warn.getAttributesList().stream()
                .collect(Collectors.toMap(io.opentelemetry.proto.common.v1.KeyValue::getKey,
                        io.opentelemetry.proto.common.v1.KeyValue::getValue));
        assertThat(attributes.get("order.id").getIntValue()).isEqualTo(7);
        assertThat(attributes.get("amount").getDoubleValue()).isEqualTo(12.5);
        assertThat(attributes.get("retry").getBoolValue()).isTrue();
        assertThat(attributes.get("tags").getArrayValue().getValuesList()).extracting(AnyValue::getStringValue)
                .containsExactly("card", "eu");
        assertThat(warn.getResourceAttributesList()).anySatisfy(kv -> {
            assertThat(kv.getKey()).isEqualTo("telemetry.sdk.language");
            assertThat(kv.getValue().getStringValue()).isEqualTo("java");
        });
        assertThat(warn.getTimeUnixNano()).isPositive();
        assertThat(warn.getObservedTimeUnixNano()).isPositive();

        LogRecord error = bySeverity.get("17");
        assertThat(error.getBody().getKvlistValue().getValuesList())
                .extracting(io.opentelemetry.proto.common.v1.KeyValue::getKey, kv -> kv.getValue().getValueCase())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order", AnyValue.ValueCase.INT_VALUE),
                        org.assertj.core.groups.Tuple.tuple("status", AnyValue.ValueCase.STRING_VALUE));
        assertThat(error.getTraceId()).as("emitted outside any span").isEmpty();
        assertThat(bySeverity.get("9").getBody().getStringValue()).isEqualTo("cart opened");

        assertThat(query(QueryLogsRequest.newBuilder().setTraceId(span.getTraceId()).build()).getRecordsList())
                .singleElement().extracting(LogRecord::getSpanId).isEqualTo(span.getSpanId());
        assertThat(query(QueryLogsRequest.newBuilder().setMinSeverityNumber(13).build()).getRecordsList())
                .extracting(LogRecord::getSeverityNumber).containsExactly(17, 13);
        assertThat(query(QueryLogsRequest.newBuilder().setBodyContains("QUEUED").setLimit(2).build()))
                .satisfies(page -> {
                    assertThat(page.getRecordsList()).extracting(r -> r.getBody().getStringValue())
                            .containsExactly("mail 4 queued", "mail 3 queued");
                    assertThat(page.getTruncated()).isTrue();
                });
    }

    @Test
    @Order(2)
    void theCliPrintsATableAndJson() throws Exception {
        Distribution.Result table = dist.run("query", "logs", "--agent", agent.apiAddress(), "--service", "shop",
                "--severity", "warn");
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        List<String> lines = table.stdout().lines().toList();
        assertThat(lines.getFirst()).startsWith("TIME").contains("SERVICE", "SEVERITY", "BODY", "TRACE", "SPAN",
                "ATTRIBUTES");
        assertThat(lines.get(1)).contains("shop", "ERROR", "{order=8, status=failed}");
        assertThat(lines.get(2)).contains("shop", "WARN", "payment declined for order 7",
                span.getTraceId().substring(0, 8), span.getSpanId().substring(0, 8), "order.id=7", "tags=[card, eu]");
        assertThat(lines.getLast()).isEqualTo("2 log records");

        Distribution.Result json = dist.run("query", "logs", "--agent", agent.apiAddress(), "--trace",
                span.getTraceId(), "--json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode records = JSON.readTree(json.stdout()).path("records");
        assertThat(records).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(record.path("body").path("stringValue").asText()).isEqualTo("payment declined for order 7");
        assertThat(record.path("spanId").asText()).isEqualTo(span.getSpanId());
        assertThat(record.path("severityNumber").asInt()).isEqualTo(13);
        assertThat(record.path("attributes")).anySatisfy(kv -> {
            assertThat(kv.path("key").asText()).isEqualTo("order.id");
            assertThat(kv.path("value").path("intValue").asText()).isEqualTo("7");
        });

        Distribution.Result grep = dist.run("query", "logs", "--agent", agent.apiAddress(), "--grep", "MAIL 2",
                "--json");
        assertThat(JSON.readTree(grep.stdout()).path("records")).singleElement()
                .satisfies(r -> assertThat(r.path("serviceName").asText()).isEqualTo("mailer"));

        Distribution.Result bad = dist.run("query", "logs", "--agent", agent.apiAddress(), "--severity", "loud");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--severity: expected TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }

    @Test
    @Order(3)
    void everyAcceptedRecordIsKept() throws Exception {
        int kept = query(QueryLogsRequest.newBuilder().setLimit(1000).build()).getRecordsCount();
        assertThat(kept).isEqualTo(3 + HTTP_RECORDS);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + agent.apiAddress()
                + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.path("counters").path("otelcol_receiver_accepted_log_records").asLong()).isEqualTo(kept);
        assertThat(status.path("counters").path("coral_store_written_log_records").asLong()).isEqualTo(kept);
        assertThat(status.path("storage").get(0).path("tables")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("otel_logs_local");
            assertThat(t.path("rows").asLong()).isEqualTo(kept);
            assertThat(t.path("max_seq_id").asLong()).isEqualTo(kept);
        });
    }
}
