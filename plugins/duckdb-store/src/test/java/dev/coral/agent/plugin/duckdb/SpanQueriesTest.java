package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colony polling by seq id, people's time-range queries, whole traces, and what each column holds. */
class SpanQueriesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long T0_NANOS = T0.toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    private DuckDbStore store;
    private SpanQueries spans;

    @BeforeEach
    void start() throws Exception {
        store = TestStores.start(TestStores.context(dir), "");
        spans = store.capability(SpanQueries.class).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        TestStores.stop(store);
    }

    /** Batches 0..8, three per service a, b, c in turn; span i of batch b starts at T0 + b seconds + i ms. */
    private void writeNineBatches() throws Exception {
        for (int b = 0; b < 9; b++) {
            await(store.consumer(Signal.TRACES).consume(Batches.spans("svc-" + "abc".charAt(b % 3), b, 10,
                    T0_NANOS + b * 1_000_000_000L)));
        }
    }

    @Test
    void spansSinceWalksEveryRowOnceInSeqOrder() throws Exception {
        writeNineBatches();
        List<SpanRow> all = new ArrayList<>();
        long after = 0;
        int pages = 0;
        for (Page<SpanRow> page; !(page = spans.spansSince(after, List.of(), 7)).rows().isEmpty(); pages++) {
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(7);
            assertThat(page.maxSeqId()).isEqualTo(page.rows().getLast().seqId());
            assertThat(page.sessionId()).isEqualTo(store.sessionId());
            all.addAll(page.rows());
            after = page.maxSeqId();
        }
        assertThat(pages).isEqualTo(13); // 90 rows in pages of 7
        assertThat(all).extracting(SpanRow::seqId).isEqualTo(TestStores.oneTo(90));
        assertThat(new HashSet<>(all.stream().map(SpanRow::spanId).toList())).hasSize(90);
        Page<SpanRow> empty = spans.spansSince(after, List.of(), 7);
        assertThat(empty.maxSeqId()).isZero();
        assertThat(empty.sessionId()).isEqualTo(store.sessionId());
    }

    @Test
    void spansSinceFiltersByService() throws Exception {
        writeNineBatches();
        Page<SpanRow> page = spans.spansSince(0, List.of("svc-a", "svc-c"), 1000);
        assertThat(page.rows()).hasSize(60).extracting(SpanRow::serviceName).containsOnly("svc-a", "svc-c");
        assertThat(page.rows()).extracting(SpanRow::seqId).isSorted();
        assertThat(page.maxSeqId()).isEqualTo(90); // batch 8 is svc-c

        Page<SpanRow> afterFirstBatchOfB = spans.spansSince(20, List.of("svc-b"), 5);
        assertThat(afterFirstBatchOfB.rows()).extracting(SpanRow::seqId).containsExactly(41L, 42L, 43L, 44L, 45L);
        assertThat(spans.spansSince(0, List.of("nobody"), 10).rows()).isEmpty();
    }

    @Test
    void spansBetweenIsNewestFirstWithinFromInclusiveUntilExclusive() throws Exception {
        writeNineBatches();
        // [T0 + 2 s, T0 + 5 s): batches 2, 3, 4.
        List<SpanRow> rows = spans.spansBetween(T0.plusSeconds(2), T0.plusSeconds(5), List.of(), 1000, "").rows();
        assertThat(rows).hasSize(30);
        assertThat(rows).extracting(SpanRow::timestampMillis).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(rows.getFirst().timestampMillis()).isEqualTo(T0.plusSeconds(4).toEpochMilli() + 9);
        assertThat(rows.getLast().timestampMillis()).isEqualTo(T0.plusSeconds(2).toEpochMilli());

        assertThat(spans.spansBetween(T0.plusSeconds(2), T0.plusSeconds(5), List.of("svc-b"), 1000, "").rows())
                .hasSize(10).extracting(SpanRow::traceId).containsOnly(Batches.traceId(4));
        assertThat(spans.spansBetween(T0, T0.plusSeconds(60), List.of(), 3, "").rows()).extracting(SpanRow::spanId)
                .as("limit keeps the newest").containsExactly(Batches.spanId(8, 9), Batches.spanId(8, 8), Batches.spanId(8, 7));
        assertThat(spans.spansBetween(T0.minusSeconds(60), T0, List.of(), 10, "").rows()).isEmpty();
    }

    @Test
    void traceReturnsEverySpanOfOneTraceByStartTime() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        await(store.consumer(Signal.TRACES).consume(Batches.request("front",
                Batches.span(trace, "00f067aa0ba902b7", T0_NANOS + 2_000).setName("child"),
                Batches.span(trace, "00f067aa0ba902b6", T0_NANOS).setName("root"))));
        await(store.consumer(Signal.TRACES).consume(Batches.request("back",
                Batches.span(trace, "00f067aa0ba902b8", T0_NANOS + 1_000).setName("remote"))));
        writeNineBatches();

        assertThat(spans.trace(trace.toUpperCase(), List.of(), 100, "").rows()).extracting(SpanRow::spanName).containsExactly("root", "remote", "child");
        assertThat(spans.trace("00000000000000000000000000000001", List.of(), 100, "").rows()).isEmpty();
    }

    @Test
    void columnsCarryTheColonyFieldsAndTheDebuggingExtras() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        Span.Builder current = Batches.span(trace, "b7ad6b7169203331", T0_NANOS)
                .setParentSpanId(ByteString.fromHex("a7ad6b7169203331"))
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setName("POST /orders")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .addAttributes(Batches.attr("http.request.method", "POST"))
                .addAttributes(Batches.attr("http.response.status_code", 503))
                .addAttributes(Batches.attr("http.route", "/orders"))
                .addAttributes(Batches.attr("retries", 2))
                .addAttributes(KeyValue.newBuilder().setKey("tags").setValue(AnyValue.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("x")))))
                .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(T0_NANOS + 5)
                        .addAttributes(Batches.attr("exception.message", "he said \"no\"")))
                .addLinks(Span.Link.newBuilder().setTraceId(ByteString.fromHex(trace))
                        .setSpanId(ByteString.fromHex("c7ad6b7169203331")));
        Span.Builder old = Batches.span(trace, "b7ad6b7169203332", T0_NANOS + 10)
                .addAttributes(Batches.attr("http.method", "GET"))
                .addAttributes(Batches.attr("http.status_code", "404"))
                .addAttributes(Batches.attr("http.route", "/old"));
        Span.Builder both = Batches.span(trace, "b7ad6b7169203333", T0_NANOS + 20)
                .addAttributes(Batches.attr("http.status_code", 500))
                .addAttributes(Batches.attr("http.method", "PUT"))
                .addAttributes(Batches.attr("http.response.status_code", 201))
                .addAttributes(Batches.attr("http.request.method", "PATCH"));
        Span.Builder none = Batches.span(trace, "b7ad6b7169203334", T0_NANOS + 30);
        // 0.9 ms after a millisecond reads back as that millisecond (truncated, as the mapping is, not rounded).
        Span.Builder late = Batches.span(trace, "b7ad6b7169203335", T0_NANOS + 7_900_000);
        await(store.consumer(Signal.TRACES).consume(Batches.request("orders", current, old, both, none, late)));

        List<SpanRow> rows = spans.trace(trace, List.of(), 100, "").rows();
        assertThat(rows).filteredOn(x -> x.spanId().equals("b7ad6b7169203335")).singleElement()
                .extracting(SpanRow::timestampMillis).isEqualTo(T0.toEpochMilli() + 7);
        SpanRow r = rows.get(0);
        assertThat(r.seqId()).isEqualTo(1);
        assertThat(r.timestampMillis()).isEqualTo(T0.toEpochMilli());
        assertThat(r.traceId()).isEqualTo(trace);
        assertThat(r.spanId()).isEqualTo("b7ad6b7169203331");
        assertThat(r.parentSpanId()).isEqualTo("a7ad6b7169203331");
        assertThat(r.serviceName()).isEqualTo("orders");
        assertThat(r.spanName()).isEqualTo("POST /orders");
        assertThat(r.spanKind()).isEqualTo("SERVER");
        assertThat(r.durationMs()).isEqualTo(2.5);
        assertThat(r.isError()).isTrue();
        assertThat(r.statusMessage()).isEqualTo("boom");
        assertThat(r.httpStatus()).isEqualTo(503);
        assertThat(r.httpMethod()).isEqualTo("POST");
        assertThat(r.httpRoute()).isEqualTo("/orders");
        assertThat(r.attributes()).containsEntry("retries", "2").containsEntry("tags", "[\"x\"]")
                .containsEntry("http.request.method", "POST").containsEntry("http.response.status_code", "503");
        assertThat(r.startTimeUnixNano()).isEqualTo(T0_NANOS);
        assertThat(r.endTimeUnixNano()).isEqualTo(T0_NANOS + 2_500_000);
        assertThat(r.scopeName()).isEqualTo("s");
        assertThat(r.resourceAttributesJson()).isEqualTo("{\"service.name\":\"orders\"}");
        assertThat(r.eventsJson()).isEqualTo("[{\"name\":\"exception\",\"time_unix_nano\":" + (T0_NANOS + 5)
                + ",\"attributes\":{\"exception.message\":\"he said \\\"no\\\"\"}}]");
        assertThat(r.linksJson()).isEqualTo("[{\"trace_id\":\"" + trace
                + "\",\"span_id\":\"c7ad6b7169203331\",\"attributes\":{}}]");

        SpanRow o = rows.get(1);
        assertThat(List.of(o.httpMethod(), o.httpStatus(), o.httpRoute(), o.isError(), o.parentSpanId(), o.spanKind()))
                .as("old semantic-convention names").containsExactly("GET", 404, "/old", false, "", "CLIENT");
        SpanRow b = rows.get(2);
        assertThat(List.of(b.httpMethod(), b.httpStatus())).as("current names win over old ones").containsExactly("PATCH", 201);
        SpanRow n = rows.get(3);
        assertThat(List.of(n.httpMethod(), n.httpStatus(), n.httpRoute(), n.eventsJson(), n.linksJson()))
                .containsExactly("", 0, "", "[]", "[]");
        assertThat(n.attributes()).isEqualTo(Map.of());
        assertThat(TestStores.strings(store, "SELECT typeof(attributes) || ' ' || typeof(timestamp) || ' ' || typeof(seq_id)"
                + " FROM otel_spans_local LIMIT 1")).containsExactly("JSON TIMESTAMP UBIGINT");
    }

    private static void await(CompletionStage<Void> ack) throws Exception {
        ack.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
