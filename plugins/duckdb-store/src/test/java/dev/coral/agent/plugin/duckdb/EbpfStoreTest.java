package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.EbpfRow;
import dev.coral.agent.api.query.EbpfTotal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ebpf} signal in the beyla tables: rows come back as they were given, each table
 * numbers its rows densely (also across restarts and after retention emptied it), retention
 * applies {@code retention.beyla}, and queries page by seq id, by time and by trace.
 */
class EbpfStoreTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final long T_MS = T.toEpochMilli();
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @TempDir
    Path dir;

    @Test
    void everyRowComesBackAsGivenWithDenseSeqIdsPerTable() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            HttpRed ok = EbpfBatches.http(T_MS, "shop", "/items/{id}", 200, 7);
            HttpRed failed = new HttpRed(T_MS + 1, "shop", "POST", "/cart", 503,
                    new LatencyHistogram(new double[] {5, 10}, new long[] {1, 0, 2}), 3, Map.of("a", "b \"q\""));
            GrpcRed grpc = EbpfBatches.grpc(T_MS, "cart", "/shop.Cart/Get", 14, 2);
            SqlRed sql = EbpfBatches.sql(T_MS, "shop", "SELECT", "", 4);
            EbpfSpan root = EbpfBatches.span(T_MS, "shop", TRACE, "00000000000000a1", "");
            EbpfSpan child = new EbpfSpan(TRACE, "00000000000000a2", "00000000000000a1", "shop", "SELECT orders",
                    "CLIENT", T_MS + 2, 800, 2, Map.of(), 0);
            consume(store, EbpfBatches.batch(List.of(ok, failed), List.of(grpc), List.of(sql), List.of(root, child)));
            consume(store, EbpfBatches.batch(List.of(ok), List.of(), List.of(), List.of()));

            EbpfQueries q = store.capability(EbpfQueries.class).orElseThrow();
            Page<EbpfRow<HttpRed>> http = q.httpSince(0, List.of(), 100);
            assertThat(http.rows()).containsExactly(new EbpfRow<>(1, ok), new EbpfRow<>(2, failed), new EbpfRow<>(3, ok));
            assertThat(http.maxSeqId()).isEqualTo(3);
            assertThat(http.sessionId()).isEqualTo(store.sessionId());
            assertThat(http.rows().get(1).value().latency().counts()).as("+Inf kept").containsExactly(1, 0, 2);
            assertThat(q.grpcSince(0, List.of(), 100).rows()).containsExactly(new EbpfRow<>(1, grpc));
            assertThat(q.sqlSince(0, List.of(), 100).rows()).containsExactly(new EbpfRow<>(1, sql));
            assertThat(q.traceSpansSince(0, List.of(), 100).rows()).containsExactly(new EbpfRow<>(1, root),
                    new EbpfRow<>(2, child));
            assertThat(store.tables()).filteredOn(t -> t.table().startsWith("beyla_"))
                    .extracting(StorageStats.TableStats::table, StorageStats.TableStats::rows,
                            StorageStats.TableStats::maxSeqId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Schema.BEYLA_HTTP, 3L, 3L),
                            org.assertj.core.groups.Tuple.tuple(Schema.BEYLA_GRPC, 1L, 1L),
                            org.assertj.core.groups.Tuple.tuple(Schema.BEYLA_SQL, 1L, 1L),
                            org.assertj.core.groups.Tuple.tuple(Schema.BEYLA_TRACES, 2L, 2L));
            assertThat(TestStores.strings(store, "SELECT attributes FROM beyla_http_metrics_local WHERE seq_id = 2"))
                    .containsExactly("{\"a\":\"b \\\"q\\\"\"}");
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void seqIdsStayDensePerTableAcrossRestartsAndRetention() throws Exception {
        for (int run = 0; run < 3; run++) {
            DuckDbStore store = TestStores.start(TestStores.context(dir), "");
            for (int b = 0; b < 2; b++) {
                long at = System.currentTimeMillis();
                consume(store, EbpfBatches.batch(
                        List.of(EbpfBatches.http(at, "shop", "/a", 200, 1), EbpfBatches.http(at, "shop", "/b", 200, 1)),
                        List.of(EbpfBatches.grpc(at, "shop", "/x.Y/Z", 0, 1)), List.of(),
                        List.of(EbpfBatches.span(at, "shop", TRACE, "00000000000000c" + run, ""))));
            }
            TestStores.stop(store);
        }
        Path file = dir.resolve("metrics.duckdb");
        assertThat(TestStores.longs(file, "SELECT seq_id FROM beyla_http_metrics_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(12));
        assertThat(TestStores.longs(file, "SELECT seq_id FROM beyla_grpc_metrics_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(6));
        assertThat(TestStores.longs(file, "SELECT seq_id FROM beyla_traces_local ORDER BY seq_id"))
                .isEqualTo(TestStores.oneTo(6));
        assertThat(TestStores.longs(file, "SELECT count(*) FROM beyla_sql_metrics_local")).containsExactly(0L);

        // Retention empties the tables; the next rows still continue after the last ids.
        DuckDbStore store = TestStores.start(TestStores.context(dir), TestStores.config(""),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));
        try {
            assertThat(store.cleanupNow()).isEqualTo(12 + 6 + 6);
            TestStores.stop(store);
            store = TestStores.start(TestStores.context(dir), "");
            long at = System.currentTimeMillis();
            consume(store, EbpfBatches.oneOfEach(at, "shop", TRACE, "00000000000000d1"));
            EbpfQueries q = store.capability(EbpfQueries.class).orElseThrow();
            assertThat(q.httpSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(13L);
            assertThat(q.grpcSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(7L);
            assertThat(q.sqlSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(1L);
            assertThat(q.traceSpansSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(7L);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void retentionBeylaDeletesRowsOlderThanItsWindowInEveryBeylaTable() throws Exception {
        TestClock clock = new TestClock(T);
        DuckDbStore store = TestStores.start(TestStores.context(dir),
                TestStores.config("retention { beyla = 10m, spans = 1h }"), clock);
        try {
            long old = T.minus(Duration.ofMinutes(11)).toEpochMilli();
            long recent = T.minus(Duration.ofMinutes(9)).toEpochMilli();
            consume(store, EbpfBatches.oneOfEach(old, "shop", TRACE, "00000000000000e1"));
            consume(store, EbpfBatches.oneOfEach(recent, "shop", TRACE, "00000000000000e2"));
            // Arrival counts too (created_at is the real clock): only the data's own time is old here.
            assertThat(store.cleanupNow()).isEqualTo(4);
            EbpfQueries q = store.capability(EbpfQueries.class).orElseThrow();
            assertThat(q.httpSince(0, List.of(), 10).rows()).extracting(r -> r.value().timestampMillis())
                    .containsExactly(recent);
            assertThat(q.grpcSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(2L);
            assertThat(q.sqlSince(0, List.of(), 10).rows()).extracting(EbpfRow::seqId).containsExactly(2L);
            assertThat(q.traceSpansSince(0, List.of(), 10).rows()).extracting(r -> r.value().spanId())
                    .containsExactly("00000000000000e2");
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void queriesBySeqTimeServiceAndTraceInBoundedPages() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "query.page-bytes = 1");
        try {
            for (int i = 0; i < 6; i++) {
                String service = i % 2 == 0 ? "shop" : "cart";
                consume(store, EbpfBatches.oneOfEach(T_MS + i * 1000L, service, i < 3 ? TRACE
                        : "1af7651916cd43dd8448eb211c80319c", "00000000000000f" + i));
            }
            EbpfQueries q = store.capability(EbpfQueries.class).orElseThrow();
            // A page of one row (the byte budget), which says more follow; the cursor walks the rest.
            List<Long> shop = new ArrayList<>();
            long after = 0;
            for (int poll = 0; poll < 10; poll++) {
                Page<EbpfRow<SqlRed>> page = q.sqlSince(after, List.of("shop"), 100);
                if (page.rows().isEmpty()) {
                    break;
                }
                assertThat(page.rows()).hasSize(1);
                shop.add(page.maxSeqId());
                after = page.maxSeqId();
            }
            assertThat(shop).containsExactly(1L, 3L, 5L);
            assertThat(q.grpcSince(-1, List.of(), 100).rows()).as("after 2^63: after every row").isEmpty();

            // Time range, oldest first, [from, until), by page token.
            List<Long> times = new ArrayList<>();
            String token = "";
            do {
                Page<EbpfRow<HttpRed>> page = q.httpBetween(T.plusSeconds(1), T.plusSeconds(5), List.of(), 100, token);
                page.rows().forEach(r -> times.add(r.value().timestampMillis()));
                token = page.nextPageToken();
            } while (!token.isEmpty());
            assertThat(times).containsExactly(T_MS + 1000, T_MS + 2000, T_MS + 3000, T_MS + 4000);
            assertThat(q.grpcBetween(T, T.plusSeconds(60), List.of("cart"), 100, "").rows()).hasSize(1);
            assertThatThrownBy(() -> q.sqlBetween(T, T.plusSeconds(60), List.of(), 100, "bogus"))
                    .isInstanceOf(IllegalArgumentException.class);

            // One trace, upper case accepted, in seq order after a cursor.
            assertThat(q.traceSpansSince(TRACE.toUpperCase(), 0, List.of(), 100).rows()).extracting(r -> r.value().spanId())
                    .containsExactly("00000000000000f0");
            assertThat(q.traceSpansSince(TRACE, 1, List.of("cart"), 100).rows()).extracting(EbpfRow::seqId)
                    .containsExactly(2L);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void totalsAddUpTheRangesRowsPerSeriesStatusAndBoundsBusiestFirst() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "");
        try {
            LatencyHistogram coarse = new LatencyHistogram(new double[] {10, 100}, new long[] {1, 2, 3});
            List<HttpRed> http = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                http.add(new HttpRed(T_MS + i * 1000L, "shop", "GET", "/items", 200,
                        EbpfBatches.latency(0, 1 + i, 2), 3 + i, Map.of("i", "" + i)));
            }
            http.add(new HttpRed(T_MS, "shop", "GET", "/items", 503, EbpfBatches.latency(0, 0, 0, 1), 1, Map.of()));
            http.add(new HttpRed(T_MS, "shop", "GET", "/items", 200, coarse, 6, Map.of()));
            http.add(new HttpRed(T_MS, "cart", "GET", "/items", 200, EbpfBatches.latency(1), 1, Map.of()));
            http.add(new HttpRed(T_MS + 60_000, "shop", "GET", "/items", 200, EbpfBatches.latency(9), 9, Map.of()));
            consume(store, EbpfBatches.batch(http, List.of(EbpfBatches.grpc(T_MS, "shop", "/a.B/C", 14, 2),
                    EbpfBatches.grpc(T_MS + 1, "shop", "/a.B/C", 14, 5)), List.of(EbpfBatches.sql(T_MS, "shop", "SELECT",
                    "orders", 4)), List.of()));
            EbpfQueries q = store.capability(EbpfQueries.class).orElseThrow();

            List<EbpfTotal<HttpRed>> totals = q.httpTotals(T, T.plusSeconds(60), List.of("shop"), 10);
            // 200 on Beyla's buckets: four rows; 200 on other bounds and 503 apart; the row at +60 s is outside.
            assertThat(totals).extracting(t -> t.sum().statusCode() + " " + t.sum().requestCount() + " " + t.rows())
                    .containsExactly("200 18 4", "200 6 1", "503 1 1");
            HttpRed sum = totals.getFirst().sum();
            assertThat(sum.latency()).isEqualTo(EbpfBatches.latency(0, 10, 8));
            assertThat(sum.timestampMillis()).as("the latest").isEqualTo(T_MS + 3000);
            assertThat(sum.attributes()).isEmpty();
            assertThat(totals.get(1).sum().latency()).isEqualTo(coarse);
            assertThat(q.httpTotals(T, T.plusSeconds(60), List.of(), 1)).singleElement()
                    .satisfies(t -> assertThat(t.sum().requestCount()).isEqualTo(18));
            assertThat(q.grpcTotals(T, T.plusSeconds(60), List.of(), 10)).singleElement().satisfies(t -> {
                assertThat(t.sum().requestCount()).isEqualTo(7);
                assertThat(t.sum().latency()).isEqualTo(EbpfBatches.latency(0, 0, 7));
                assertThat(t.rows()).isEqualTo(2);
            });
            assertThat(q.sqlTotals(T, T.plusSeconds(60), List.of("cart"), 10)).isEmpty();
            assertThat(q.sqlTotals(T, T.plusSeconds(60), List.of(), 10)).extracting(t -> t.sum().table())
                    .containsExactly("orders");
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void valuesAreCutAsSpansAreAndImpossibleRowsAreRefused() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "max-value-length = 32");
        try {
            String route = "/" + "x".repeat(100);
            consume(store, EbpfBatches.batch(List.of(EbpfBatches.http(T_MS, "shop", route, 200, 1)), List.of(), List.of(),
                    List.of()));
            HttpRed stored = store.capability(EbpfQueries.class).orElseThrow().httpSince(0, List.of(), 10).rows()
                    .getFirst().value();
            assertThat(stored.route()).startsWith(route.substring(0, 32)).endsWith("...[truncated 69 chars]");
            assertThat(context.telemetry().sum("coral_store_truncated_values")).isEqualTo(1);

            EbpfBatch negative = EbpfBatches.batch(List.of(), List.of(EbpfBatches.grpc(T_MS, "shop", "/a.B/C", 0, -1)),
                    List.of(), List.of());
            assertThatThrownBy(() -> consume(store, negative)).isInstanceOfSatisfying(ExecutionException.class,
                    e -> assertThat(e.getCause()).isInstanceOfSatisfying(RefusedException.class,
                            r -> assertThat(r.reason()).isEqualTo(RefusedException.Reason.INVALID)));
            assertThat(store.capability(EbpfQueries.class).orElseThrow().grpcSince(0, List.of(), 10).rows()).isEmpty();
            assertThat(context.telemetry().sum("coral_store_written_ebpf_rows")).isEqualTo(1);
        } finally {
            TestStores.stop(store);
        }
    }

    private static void consume(DuckDbStore store, EbpfBatch batch) throws Exception {
        store.consumer(Signal.EBPF).consume(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
