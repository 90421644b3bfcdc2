package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.SpanEvent;
import dev.coral.agent.server.v1.SpanLink;
import dev.coral.agent.server.v1.StoredSpan;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace sent by an application through the OpenTelemetry Java SDK (its tracer, its OTLP/gRPC
 * exporter) read back whole from the distribution: typed attributes, events and links through
 * {@code AgentQueryService/QuerySpans}, {@code query spans --trace --json}, and the trace drawn as a
 * tree on its timeline.
 */
class TraceWaterfallIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every span kept: no filter in the pipeline (the default config's samples 10 % of the ordinary ones). */
    private static final String CONFIG = """
            agent { api.listen = [${CORAL_API_LISTEN}] }
            receivers { otlp { grpc.endpoint = ${CORAL_OTLP_GRPC_ENDPOINT}, http.endpoint = ${CORAL_OTLP_HTTP_ENDPOINT} } }
            stores { duckdb {} }
            pipelines { traces { receivers = [otlp], stores = [duckdb] } }
            """;
    private static final long MS = 1_000_000L;
    private static final String LINKED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String LINKED_SPAN = "b7ad6b7169203331";
    private static final String MISSING_PARENT = "00000000deadbeef";

    @Test
    void aTraceFromTheSdkReadsBackWholeTypedAndDrawnAsATree(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        dist.writeConfig(CONFIG);
        try (RunningAgent agent = new RunningAgent(dist).start()) {
            String traceId = sendTrace(agent.otlpGrpc);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.api).usePlaintext().build();
            try {
                var query = AgentQueryServiceGrpc.newBlockingStub(channel);
                QuerySpansRequest request = QuerySpansRequest.newBuilder().setTraceId(traceId).build();
                await().atMost(Duration.ofSeconds(30)).until(() -> query.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .querySpans(request).getSpansCount() == 4);
                checkRpc(query.withDeadlineAfter(10, TimeUnit.SECONDS).querySpans(request).getSpansList(), traceId);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            checkJson(dist.run("query", "spans", "--agent", agent.apiAddress(), "--trace", traceId, "--json"));
            checkWaterfall(dist.run("query", "spans", "--agent", agent.apiAddress(), "--trace", traceId,
                    "--events", "--width", "50"), traceId);

            Distribution.Result table = dist.run("query", "spans", "--agent", agent.apiAddress(), "--service", "shop");
            assertThat(table.exitCode()).as(table.stderr()).isZero();
            assertThat(table.stdout().lines().findFirst().orElseThrow())
                    .matches("TIME\\s+SERVICE\\s+NAME\\s+KIND\\s+DURATION\\s+STATUS\\s+HTTP\\s+TRACE\\s+SPAN");
            assertThat(table.stdout()).containsPattern("shop\\s+GET /checkout\\s+SERVER\\s+50\\.0ms\\s+ok");
        }
    }

    /**
     * shop's GET /checkout (0..50 ms) loads the cart (1..11 ms) and asks payments to charge the card
     * (20..40 ms), which fails after a retry event and links to the trace that started the order; a
     * job whose parent span was never sent (sampled out upstream) runs at 30..45 ms.
     */
    private static String sendTrace(int otlpPort) {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + otlpPort)
                .setTimeout(10, TimeUnit.SECONDS).build();
        SdkTracerProvider shop = provider(exporter, "shop");
        SdkTracerProvider payments = provider(exporter, "payments");
        try {
            long t0 = System.currentTimeMillis() * MS;
            Tracer tracer = shop.get("checkout-app", "1.2.3");
            Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
                    .setAttribute(AttributeKey.stringArrayKey("app.items"), List.of("sku-1", "sku-2", "sku-3"))
                    .setAttribute(AttributeKey.longKey("app.item_count"), 3L)
                    .setAttribute(AttributeKey.doubleKey("app.total"), 42.5)
                    .setAttribute(AttributeKey.booleanKey("app.member"), true)
                    .setAttribute(AttributeKey.longArrayKey("app.quantities"), List.of(1L, 2L))
                    .startSpan();
            Context inRoot = Context.root().with(root);
            tracer.spanBuilder("load cart").setParent(inRoot).setStartTimestamp(t0 + MS, TimeUnit.NANOSECONDS)
                    .startSpan().end(t0 + 11 * MS, TimeUnit.NANOSECONDS);
            Span charge = payments.get("payments-app").spanBuilder("charge card").setParent(inRoot)
                    .setSpanKind(SpanKind.CLIENT).setStartTimestamp(t0 + 20 * MS, TimeUnit.NANOSECONDS)
                    .addLink(SpanContext.create(LINKED_TRACE, LINKED_SPAN, TraceFlags.getSampled(),
                            TraceState.getDefault()), Attributes.of(AttributeKey.stringKey("link.reason"), "order",
                            AttributeKey.longKey("link.attempt"), 1L))
                    .startSpan();
            charge.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L,
                    AttributeKey.stringArrayKey("skus"), List.of("sku-1", "sku-2")), t0 + 25 * MS, TimeUnit.NANOSECONDS);
            charge.setStatus(StatusCode.ERROR, "card declined");
            charge.end(t0 + 40 * MS, TimeUnit.NANOSECONDS);
            SpanContext missing = SpanContext.createFromRemoteParent(root.getSpanContext().getTraceId(),
                    MISSING_PARENT, TraceFlags.getSampled(), TraceState.getDefault());
            tracer.spanBuilder("send receipt").setParent(Context.root().with(Span.wrap(missing)))
                    .setStartTimestamp(t0 + 30 * MS, TimeUnit.NANOSECONDS).startSpan()
                    .end(t0 + 45 * MS, TimeUnit.NANOSECONDS);
            root.end(t0 + 50 * MS, TimeUnit.NANOSECONDS);
            assertThat(shop.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(payments.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
            return root.getSpanContext().getTraceId();
        } finally {
            shop.shutdown().join(5, TimeUnit.SECONDS);
            payments.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    private static SdkTracerProvider provider(OtlpGrpcSpanExporter exporter, String service) {
        return SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    }

    private static void checkRpc(List<StoredSpan> spans, String traceId) {
        Map<String, StoredSpan> byName = spans.stream().collect(Collectors.toMap(StoredSpan::getName, s -> s));
        assertThat(byName).containsOnlyKeys("GET /checkout", "load cart", "charge card", "send receipt");
        StoredSpan root = byName.get("GET /checkout");
        StoredSpan charge = byName.get("charge card");
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(root.getParentSpanId()).isEmpty();
        assertThat(byName.get("load cart").getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(charge.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(byName.get("send receipt").getParentSpanId()).isEqualTo(MISSING_PARENT);
        assertThat(root.getKind()).isEqualTo("SERVER");
        assertThat(root.getEndTimeUnixNano() - root.getStartTimeUnixNano()).isEqualTo(50 * MS);
        assertThat(root.getDurationMs()).isEqualTo(50.0);
        assertThat(List.of(root.getScopeName(), root.getScopeVersion())).containsExactly("checkout-app", "1.2.3");
        assertThat(root.getStatusCode()).isEqualTo("UNSET");
        assertThat(root.getAttributesList()).contains(
                kv("app.items", array(str("sku-1"), str("sku-2"), str("sku-3"))),
                kv("app.item_count", AnyValue.newBuilder().setIntValue(3).build()),
                kv("app.total", AnyValue.newBuilder().setDoubleValue(42.5).build()),
                kv("app.member", AnyValue.newBuilder().setBoolValue(true).build()),
                kv("app.quantities", array(AnyValue.newBuilder().setIntValue(1).build(),
                        AnyValue.newBuilder().setIntValue(2).build())));
        assertThat(root.getResourceAttributesList()).contains(kv("service.name", str("shop")),
                kv("telemetry.sdk.language", str("java")));
        assertThat(charge.getServiceName()).isEqualTo("payments");
        assertThat(charge.getIsError()).isTrue();
        assertThat(charge.getStatusCode()).isEqualTo("ERROR");
        assertThat(charge.getStatusMessage()).isEqualTo("card declined");
        assertThat(charge.getEventsList()).containsExactly(SpanEvent.newBuilder().setName("retry")
                .setTimeUnixNano(charge.getStartTimeUnixNano() + 5 * MS)
                .addAttributes(kv("attempt", AnyValue.newBuilder().setIntValue(2).build()))
                .addAttributes(kv("skus", array(str("sku-1"), str("sku-2")))).build());
        assertThat(charge.getLinksList()).singleElement().satisfies(l -> {
            assertThat(List.of(l.getTraceId(), l.getSpanId())).containsExactly(LINKED_TRACE, LINKED_SPAN);
            assertThat(l.getAttributesList()).containsExactlyInAnyOrder(kv("link.reason", str("order")),
                    kv("link.attempt", AnyValue.newBuilder().setIntValue(1).build()));
        });
    }

    private static void checkJson(Distribution.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode spans = JSON.readTree(r.stdout()).path("spans");
        assertThat(spans.size()).isEqualTo(4);
        JsonNode root = null;
        JsonNode charge = null;
        for (JsonNode s : spans) {
            root = s.path("name").asText().equals("GET /checkout") ? s : root;
            charge = s.path("name").asText().equals("charge card") ? s : charge;
        }
        assertThat(root).isNotNull();
        assertThat(charge).isNotNull();
        Map<String, JsonNode> attributes = new java.util.HashMap<>();
        root.path("attributes").forEach(a -> attributes.put(a.path("key").asText(), a.path("value")));
        assertThat(attributes.get("app.item_count").path("intValue").asText()).isEqualTo("3");
        assertThat(attributes.get("app.total").path("doubleValue").asDouble()).isEqualTo(42.5);
        assertThat(attributes.get("app.member").path("boolValue").asBoolean()).isTrue();
        assertThat(attributes.get("app.items").path("arrayValue").path("values").findValuesAsText("stringValue"))
                .containsExactly("sku-1", "sku-2", "sku-3");
        assertThat(charge.path("statusMessage").asText()).isEqualTo("card declined");
        assertThat(charge.path("events").get(0).path("name").asText()).isEqualTo("retry");
        assertThat(charge.path("events").get(0).path("attributes").get(0).path("value").path("intValue").asText())
                .isEqualTo("2");
        assertThat(charge.path("links").get(0).path("spanId").asText()).isEqualTo(LINKED_SPAN);
        assertThat(charge.path("parentSpanId").asText()).isEqualTo(root.path("spanId").asText());
    }

    private static void checkWaterfall(Distribution.Result r, String traceId) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.getFirst()).startsWith("trace " + traceId + "  4 spans, 2 services, 50.0ms, started ");
        assertThat(lines.get(1)).matches("SPAN\\s+SERVICE\\s+DURATION\\s+STATUS\\s+0\\s+50\\.0ms");
        int bars = lines.get(1).indexOf("0 ");
        // 50 ms over 50 columns: a column a millisecond.
        assertThat(lines.get(2)).matches("GET /checkout\\s+shop\\s+50\\.0ms\\s+ok\\s+█{50}");
        assertThat(lines.get(3)).matches("  load cart\\s+shop\\s+10\\.0ms\\s+ok\\s+ █{10}");
        assertThat(lines.get(3).substring(bars)).isEqualTo(" " + "█".repeat(10));
        assertThat(lines.get(4)).matches("  charge card\\s+payments\\s+20\\.0ms\\s+ERROR: card declined\\s+ {20}▓{20}");
        assertThat(lines.get(5)).startsWith("    · retry ").contains("+5.00ms");
        assertThat(lines.get(5).substring(bars)).isEqualTo(" ".repeat(25) + "◆  attempt=2, skus=[sku-1, sku-2]");
        assertThat(lines.get(6)).matches("send receipt \\(orphan\\)\\s+shop\\s+15\\.0ms\\s+ok\\s+ {30}█{15}");
        assertThat(lines.get(7)).startsWith("(orphan): its parent span is not stored");
        assertThat(lines).hasSize(8);
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static AnyValue array(AnyValue... values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values))).build();
    }
}
