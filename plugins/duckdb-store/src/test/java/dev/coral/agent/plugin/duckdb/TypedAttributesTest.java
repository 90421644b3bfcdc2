package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.AttributeJson;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans keep what OTLP sent: attributes keep their types through the store: span, resource, event and link attributes read
 * back (after a restart, from the file) as the same OTLP values, while the colony's string map
 * still says them as text.
 */
class TypedAttributesTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final long START = 1_772_359_200_000_000_000L;

    @TempDir
    Path dir;

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue.Builder str(String s) {
        return AnyValue.newBuilder().setStringValue(s);
    }

    /** One attribute of every type, nested ones and the values JSON cannot say among them. */
    private static List<KeyValue> everyType(String prefix) {
        return List.of(
                kv(prefix + "int", AnyValue.newBuilder().setIntValue(-9_007_199_254_740_993L)), // not a double
                kv(prefix + "whole.double", AnyValue.newBuilder().setDoubleValue(3.0)),
                kv(prefix + "double", AnyValue.newBuilder().setDoubleValue(0.1)),
                kv(prefix + "nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)),
                kv(prefix + "inf", AnyValue.newBuilder().setDoubleValue(Double.POSITIVE_INFINITY)),
                kv(prefix + "bool", AnyValue.newBuilder().setBoolValue(false)),
                kv(prefix + "string", str("quote \" and \\ and ünïcödé")),
                kv(prefix + "number.as.string", str("42")),
                kv(prefix + "bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, -1, 7}))),
                kv(prefix + "items", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(str("sku-1")).addValues(str("sku-2")))),
                kv(prefix + "mixed", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(AnyValue.newBuilder().setDoubleValue(1.5))
                        .addValues(AnyValue.newBuilder().setBoolValue(true))
                        .addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("b"))))),
                kv(prefix + "kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("n", AnyValue.newBuilder().setIntValue(7)))
                        .addValues(kv("inner", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                .addValues(kv("flag", AnyValue.newBuilder().setBoolValue(true)))))))),
                kv(prefix + "looks.like.bytes", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("$base64", str("aGk="))))),
                kv(prefix + "empty", AnyValue.newBuilder()));
    }

    @Test
    void everyKindOfAttributeReadsBackWithItsType() throws Exception {
        List<KeyValue> resource = List.of(kv("service.name", str("checkout")),
                kv("process.pid", AnyValue.newBuilder().setIntValue(4242)),
                kv("host.ips", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("10.0.0.1")))));
        Span.Event event = Span.Event.newBuilder().setName("exception").setTimeUnixNano(START + 1_000_000)
                .addAllAttributes(everyType("event.")).build();
        Span.Link link = Span.Link.newBuilder().setTraceId(ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"))
                .setSpanId(ByteString.fromHex("b7ad6b7169203331")).addAllAttributes(everyType("link.")).build();
        Span span = Batches.span(TRACE, "00f067aa0ba902b7", START).addAllAttributes(everyType("app."))
                .addEvents(event).addLinks(link).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(Resource.newBuilder().addAllAttributes(resource))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s").setVersion("2.0.1"))
                        .addSpans(span))).build();

        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            store.consumer(Signal.TRACES).consume(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            TestStores.stop(store);
        }
        store = TestStores.start(TestStores.context(dir), ""); // read from the file, not from anything in memory
        try {
            SpanRow row = store.capability(SpanQueries.class).orElseThrow().trace(TRACE, List.of(), 10, "")
                    .rows().getFirst();
            assertThat(AttributeJson.keyValues(row.attributesJson())).isEqualTo(everyType("app."));
            assertThat(AttributeJson.keyValues(row.resourceAttributesJson())).isEqualTo(resource);
            assertThat(AttributeJson.events(row.eventsJson())).containsExactly(event);
            assertThat(AttributeJson.links(row.linksJson())).containsExactly(link);
            assertThat(List.of(row.statusCode(), row.scopeName(), row.scopeVersion())).containsExactly("OK", "s", "2.0.1");

            assertThat(row.attributes()).as("the colony's map of strings says them as before")
                    .containsEntry("app.int", "-9007199254740993").containsEntry("app.whole.double", "3.0")
                    .containsEntry("app.nan", "NaN").containsEntry("app.inf", "Infinity")
                    .containsEntry("app.bool", "false").containsEntry("app.bytes", "AP8H")
                    .containsEntry("app.items", "[\"sku-1\",\"sku-2\"]")
                    .containsEntry("app.looks.like.bytes", "{\"$base64\":\"aGk=\"}")
                    .containsEntry("app.empty", "null");
            assertThat(TestStores.strings(store, "SELECT attributes->>'app.string' || ' ' || (attributes->'app.int')"
                    + " || ' ' || json_type(attributes->'app.double') || ' ' || (attributes->'app.items'->>0)"
                    + " FROM otel_spans_local")).as("plain JSON for DuckDB's own functions")
                    .containsExactly("quote \" and \\ and ünïcödé -9007199254740993 DOUBLE sku-1");
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void aFileOfTheEarlierSchemaGetsTheStatusCodeAndScopeVersionColumns() throws Exception {
        Path file = dir.resolve("metrics.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            // otel_spans_local as the schema created it before, with one error span in it.
            s.execute("""
                    CREATE TABLE otel_spans_local (
                      seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, trace_id VARCHAR, span_id VARCHAR,
                      parent_span_id VARCHAR, service_name VARCHAR, span_name VARCHAR, span_kind VARCHAR,
                      duration_ms DOUBLE, is_error BOOLEAN, status_message VARCHAR, http_status INTEGER,
                      http_method VARCHAR, http_route VARCHAR, attributes JSON, start_time_unix_nano BIGINT,
                      end_time_unix_nano BIGINT, scope_name VARCHAR, resource_attributes JSON, events JSON, links JSON,
                      created_at TIMESTAMP NOT NULL)""");
            s.execute("INSERT INTO otel_spans_local VALUES (1, make_timestamp(" + START / 1000 + "), '" + TRACE
                    + "', '00000000000000a1', '', 'old', 'op', 'SERVER', 1.0, true, 'boom', 0, '', '',"
                    + " '{\"bytes\":\"aGk=\"}', " + START + ", " + (START + 1_000_000) + ", 's', '{}', '[]', '[]', now())");
        }
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            store.consumer(Signal.TRACES).consume(Batches.request("new", Batches.span(TRACE, "00000000000000a2",
                    START + 1_000_000))).toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<SpanRow> rows = store.capability(SpanQueries.class).orElseThrow().trace(TRACE, List.of(), 10, "").rows();
            assertThat(rows).extracting(SpanRow::serviceName).containsExactly("old", "new");
            assertThat(rows).extracting(SpanRow::statusCode).as("unknown in the old row").containsExactly("", "OK");
            assertThat(rows.getFirst().isError()).isTrue();
            assertThat(AttributeJson.keyValues(rows.getFirst().attributesJson())).as("old bytes read as a string")
                    .containsExactly(kv("bytes", str("aGk=")));
        } finally {
            TestStores.stop(store);
        }
    }
}
