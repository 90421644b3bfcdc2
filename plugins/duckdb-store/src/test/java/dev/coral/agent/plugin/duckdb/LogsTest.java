package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.LogFilter;
import dev.coral.agent.api.query.LogQueries;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP log records into {@code otel_logs_local}: every field back as sent, dense seq ids, queries, retention. */
class LogsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);
    private TestComponentContext context;
    private DuckDbStore store;

    @BeforeEach
    void start() throws Exception {
        context = TestStores.context(dir);
        store = TestStores.start(context, TestStores.config("retention { logs = 30m }"), clock);
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            TestStores.stop(store);
        }
    }

    @Test
    void theFactoryDeclaresLogs() {
        assertThat(new DuckDbStoreFactory().factory().signals()).contains(Signal.LOGS);
        assertThat(DuckDbStoreConfig.defaults().retention().logs()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyFieldComesBackAsSent() throws Exception {
        long t = nanos(NOW) + 123_456_789L;
        LogRecord text = LogRecord.newBuilder().setTimeUnixNano(t).setObservedTimeUnixNano(t + 5)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN).setSeverityText("WARN")
                .setBody(string("payment declined: card \"4242\"\nretrying"))
                .setTraceId(bytes(TRACE)).setSpanId(bytes(SPAN)).setFlags(1).setEventName("payment.declined")
                .addAttributes(kv("user.id", AnyValue.newBuilder().setIntValue(42).build()))
                .addAttributes(kv("amount", AnyValue.newBuilder().setDoubleValue(12.5).build()))
                .addAttributes(kv("retry", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(string("a")).addValues(string("b"))).build()))
                .build();
        LogRecord structured = LogRecord.newBuilder().setTimeUnixNano(t + 1)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("order", AnyValue.newBuilder().setIntValue(7).build()))
                        .addValues(kv("status", string("failed")))).build())
                .build();
        LogRecord array = LogRecord.newBuilder().setTimeUnixNano(t + 2)
                .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                .setBody(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(string("two"))).build())
                .build();
        LogRecord number = LogRecord.newBuilder().setTimeUnixNano(t + 3)
                .setBody(AnyValue.newBuilder().setDoubleValue(0.25).build()).build();
        LogRecord observedOnly = LogRecord.newBuilder().setObservedTimeUnixNano(t + 4).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", string("checkout")))
                                .addAttributes(kv("host.name", string("web-1"))))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("com.shop.Payments")
                                        .setVersion("1.2.0"))
                                .addLogRecords(text).addLogRecords(structured)))
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", string("cart"))))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(array).addLogRecords(number)
                                .addLogRecords(observedOnly)))
                .build();
        await(store.consumer(Signal.LOGS).consume(request));

        List<LogRow> rows = logs().logsSince(0, List.of(), 100).rows();
        assertThat(rows).extracting(LogRow::seqId).containsExactly(1L, 2L, 3L, 4L, 5L);
        String checkoutResource = "{\"service.name\":\"checkout\",\"host.name\":\"web-1\"}";
        assertThat(rows.get(0)).isEqualTo(LogRow.builder().seqId(1).timestampUnixNano(t).observedTimestampUnixNano(t + 5)
                .traceId(TRACE).spanId(SPAN).traceFlags(1).severityText("WARN").severityNumber(13)
                .serviceName("checkout").bodyType("string").body("payment declined: card \"4242\"\nretrying")
                .attributesJson("{\"user.id\":42,\"amount\":12.5,\"retry\":true,\"tags\":[\"a\",\"b\"]}")
                .resourceAttributesJson(checkoutResource).scopeName("com.shop.Payments").scopeVersion("1.2.0")
                .eventName("payment.declined").build());
        assertThat(rows.get(1)).isEqualTo(LogRow.builder().seqId(2).timestampUnixNano(t + 1).severityNumber(17)
                .serviceName("checkout").bodyType("kvlist").body("{\"order\":7,\"status\":\"failed\"}")
                .resourceAttributesJson(checkoutResource).scopeName("com.shop.Payments").scopeVersion("1.2.0")
                .build());
        String cartResource = "{\"service.name\":\"cart\"}";
        assertThat(rows.get(2)).as("all-zero ids are no ids").isEqualTo(LogRow.builder().seqId(3).timestampUnixNano(t + 2).serviceName("cart")
                .bodyType("array").body("[1,\"two\"]").resourceAttributesJson(cartResource).build());
        assertThat(rows.get(3)).isEqualTo(LogRow.builder().seqId(4).timestampUnixNano(t + 3).serviceName("cart")
                .bodyType("double").body("0.25").resourceAttributesJson(cartResource).build());
        long observedMicros = (t + 4) / 1000;
        assertThat(rows.get(4)).as("without a time, the record is placed at its observed time")
                .isEqualTo(LogRow.builder().seqId(5).timestampUnixNano(observedMicros * 1000)
                        .observedTimestampUnixNano(t + 4).serviceName("cart").resourceAttributesJson(cartResource)
                        .build());

        // A structured body stays queryable with DuckDB's JSON functions; a string body as text.
        assertThat(TestStores.strings(store, "SELECT body::JSON->>'status' FROM otel_logs_local"
                + " WHERE body_type = 'kvlist'")).containsExactly("failed");
        assertThat(TestStores.longs(store, "SELECT count(*) FROM otel_logs_local WHERE body LIKE '%declined%'"))
                .containsExactly(1L);
        assertThat(TestStores.strings(store, "SELECT attributes->>'user.id' FROM otel_logs_local WHERE seq_id = 1"))
                .containsExactly("42");
        assertThat(context.telemetry().sum("coral_store_written_log_records")).isEqualTo(5);
    }

    @Test
    void seqIdsAreDenseAcrossBatchesAndRestartsAndStatusListsTheTable() throws Exception {
        for (int b = 0; b < 3; b++) {
            await(store.consumer(Signal.LOGS).consume(request("svc", nanos(NOW), 7, "line")));
        }
        TestStores.stop(store);
        store = TestStores.start(context, TestStores.config("retention { logs = 30m }"), clock);
        await(store.consumer(Signal.LOGS).consume(request("svc", nanos(NOW), 4, "line")));

        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_logs_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(25));
        Page<LogRow> tail = logs().logsSince(20, List.of(), 100);
        assertThat(tail.rows()).extracting(LogRow::seqId).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(tail.maxSeqId()).isEqualTo(25);
        assertThat(store.tables()).contains(new StorageStats.TableStats(Schema.LOGS, 25, 25));
    }

    @Test
    void timeRangeQueriesFilterAndPageNewestFirst() throws Exception {
        long t = nanos(NOW.minus(Duration.ofMinutes(5)));
        List<ExportLogsServiceRequest> batches = List.of(
                request("checkout", t, 10, "Checkout step"),
                request("cart", t + 100_000, 10, "cart step"));
        for (ExportLogsServiceRequest r : batches) {
            await(store.consumer(Signal.LOGS).consume(r));
        }
        Instant from = NOW.minus(Duration.ofHours(1));
        LogQueries q = logs();

        // Severity of record i is 1 + 2i: at least WARN (13) means i >= 6.
        assertThat(q.logsBetween(from, NOW, new LogFilter(Set.of("checkout"), 13, "", ""), 100, "").rows())
                .extracting(LogRow::body).containsExactly("Checkout step 9", "Checkout step 8", "Checkout step 7",
                        "Checkout step 6");
        assertThat(q.logsBetween(from, NOW, new LogFilter(Set.of(), 0, "", "STEP 3"), 100, "").rows())
                .as("the body substring ignores case; newest first").extracting(LogRow::body)
                .containsExactly("cart step 3", "Checkout step 3");
        String trace = traceOf(4);
        assertThat(q.logsBetween(from, NOW, new LogFilter(Set.of(), 0, trace.toUpperCase(), ""), 100, "").rows())
                .extracting(LogRow::serviceName, LogRow::traceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cart", trace),
                        org.assertj.core.groups.Tuple.tuple("checkout", trace));
        assertThat(q.logsBetween(from, NOW, LogFilter.ALL, 100, "").rows()).hasSize(20);
        assertThat(q.logsBetween(NOW, NOW.plusSeconds(60), LogFilter.ALL, 100, "").rows()).isEmpty();

        List<String> paged = new ArrayList<>();
        String token = "";
        do {
            Page<LogRow> page = q.logsBetween(from, NOW, LogFilter.ofServices(List.of("cart")), 3, token);
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(3);
            page.rows().forEach(r -> paged.add(r.body()));
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertThat(paged).containsExactly("cart step 9", "cart step 8", "cart step 7", "cart step 6", "cart step 5",
                "cart step 4", "cart step 3", "cart step 2", "cart step 1", "cart step 0");
    }

    @Test
    void retentionDeletesOldRecordsAndSeqIdsGoOn() throws Exception {
        await(store.consumer(Signal.LOGS).consume(request("svc", nanos(NOW.minus(Duration.ofMinutes(31))), 3, "old")));
        await(store.consumer(Signal.LOGS).consume(request("svc", nanos(NOW.minus(Duration.ofMinutes(29))), 2, "new")));

        assertThat(store.cleanupNow()).isEqualTo(3);
        assertThat(logs().logsSince(0, List.of(), 100).rows()).extracting(LogRow::body)
                .containsExactly("new 0", "new 1");

        clock.advance(Duration.ofMinutes(2));
        assertThat(store.cleanupNow()).isEqualTo(2);
        await(store.consumer(Signal.LOGS).consume(request("svc", nanos(clock.instant()), 1, "after")));
        assertThat(logs().logsSince(0, List.of(), 100).rows()).extracting(LogRow::seqId)
                .as("the table emptied by retention goes on from its last id").containsExactly(6L);
    }

    @Test
    void valuesAreBoundedAsSpansAre() throws Exception {
        TestStores.stop(store);
        store = TestStores.start(TestStores.context(dir.resolve("small")),
                TestStores.config("max-value-length = 16\nmax-attributes-length = 64"), clock);
        KeyValueList.Builder wide = KeyValueList.newBuilder();
        for (int i = 0; i < 20; i++) {
            wide.addValues(kv("key" + i, string("value" + i)));
        }
        await(store.consumer(Signal.LOGS).consume(ExportLogsServiceRequest.newBuilder().addResourceLogs(
                ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nanos(NOW))
                                .setBody(string("a".repeat(40))).setSeverityText("S".repeat(20)))
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nanos(NOW))
                                .setBody(AnyValue.newBuilder().setKvlistValue(wide)))))
                .build()));
        List<LogRow> rows = logs().logsSince(0, List.of(), 10).rows();
        assertThat(rows.get(0).body()).isEqualTo("a".repeat(16) + ValueLimits.marker(24));
        assertThat(rows.get(0).severityText()).isEqualTo("S".repeat(16) + ValueLimits.marker(4));
        assertThat(rows.get(1).bodyType()).isEqualTo("kvlist");
        assertThat(rows.get(1).body()).as("cut JSON would not parse: a note replaces it")
                .startsWith("{\"coral.truncated\":\"body of ").endsWith("above max-attributes-length (64)\"}");
        assertThat(TestStores.strings(store, "SELECT json_valid(body) FROM otel_logs_local WHERE seq_id = 2"))
                .containsExactly("true");
    }

    private LogQueries logs() {
        return store.capability(LogQueries.class).orElseThrow();
    }

    /** {@code n} records of one service, {@code <text> i}, 1 µs apart, severity 1 + 2i, trace i. */
    private static ExportLogsServiceRequest request(String service, long startNanos, int n, String text) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < n; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(startNanos + i * 1000L)
                    .setSeverityNumberValue(1 + 2 * i).setBody(string(text + " " + i)).setTraceId(bytes(traceOf(i)))
                    .setSpanId(bytes("00000000000000a" + i % 10)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", string(service))))
                .addScopeLogs(scope)).build();
    }

    private static String traceOf(int i) {
        return String.format("%032x", 0xabc000 + i);
    }

    private static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void await(CompletionStage<Void> ack) throws Exception {
        ack.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
