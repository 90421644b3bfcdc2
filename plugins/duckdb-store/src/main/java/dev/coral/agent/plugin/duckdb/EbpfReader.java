package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.EbpfRow;
import dev.coral.agent.api.query.EbpfTotal;
import dev.coral.agent.api.query.Page;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Queries of the four beyla tables, in pages bounded by rows and bytes ({@link OrderedRows}), each
 * table with its own seq ids. Histograms come back as stored: millisecond bounds and one count per
 * bucket plus +Inf.
 */
final class EbpfReader implements EbpfQueries {
    /** What one histogram bucket takes in a page: a bound and a count. */
    private static final int BUCKET_BYTES = 16;

    private final Database db;
    private final String sessionId;
    private final long pageBytes;
    private final OrderedRows.Table http;
    private final OrderedRows.Table grpc;
    private final OrderedRows.Table sql;
    private final OrderedRows.Table traces;

    EbpfReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        TextColumns text = new TextColumns(limits.maxValueBytes());
        String time = "seq_id, epoch_us(timestamp) // 1000, ";
        this.http = new OrderedRows.Table(time + text.text("service_name") + ", " + text.text("http_method") + ", "
                + text.text("http_route") + ", http_status_code, latency_buckets, latency_counts, request_count, "
                + text.json("attributes"), Schema.BEYLA_HTTP, "",
                withBuckets(text.rowBytes("service_name", "http_method", "http_route", "attributes")));
        this.grpc = new OrderedRows.Table(time + text.text("service_name") + ", " + text.text("grpc_method")
                + ", grpc_status_code, latency_buckets, latency_counts, request_count, " + text.json("attributes"),
                Schema.BEYLA_GRPC, "", withBuckets(text.rowBytes("service_name", "grpc_method", "attributes")));
        this.sql = new OrderedRows.Table(time + text.text("service_name") + ", " + text.text("sql_operation") + ", "
                + text.text("table_name") + ", latency_buckets, latency_counts, query_count, " + text.json("attributes"),
                Schema.BEYLA_SQL, "",
                withBuckets(text.rowBytes("service_name", "sql_operation", "table_name", "attributes")));
        this.traces = new OrderedRows.Table(time + "trace_id, span_id, parent_span_id, " + text.text("service_name")
                + ", " + text.text("span_name") + ", span_kind, duration_us, status_code, " + text.json("attributes")
                + ", process_pid", Schema.BEYLA_TRACES, "", text.rowBytes("trace_id", "span_id", "parent_span_id",
                "service_name", "span_name", "span_kind", "attributes"));
    }

    private static String withBuckets(String rowBytes) {
        return "(" + rowBytes + " + " + BUCKET_BYTES + " * coalesce(len(latency_buckets), 0))";
    }

    @Override
    public Page<EbpfRow<HttpRed>> httpSince(long afterSeqId, Collection<String> services, int limit) {
        return since(http, afterSeqId, services, limit, EbpfReader::httpRow);
    }

    @Override
    public Page<EbpfRow<GrpcRed>> grpcSince(long afterSeqId, Collection<String> services, int limit) {
        return since(grpc, afterSeqId, services, limit, EbpfReader::grpcRow);
    }

    @Override
    public Page<EbpfRow<SqlRed>> sqlSince(long afterSeqId, Collection<String> services, int limit) {
        return since(sql, afterSeqId, services, limit, EbpfReader::sqlRow);
    }

    @Override
    public Page<EbpfRow<EbpfSpan>> traceSpansSince(long afterSeqId, Collection<String> services, int limit) {
        return since(traces, afterSeqId, services, limit, EbpfReader::spanRow);
    }

    @Override
    public Page<EbpfRow<EbpfSpan>> traceSpansSince(String traceId, long afterSeqId, Collection<String> services,
            int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        List<String> values = new ArrayList<>();
        values.add(traceId.toLowerCase(Locale.ROOT));
        values.addAll(services);
        return query(traces, " WHERE seq_id > ? AND trace_id = ?" + SpanReader.inFilter("service_name", services),
                List.of(afterSeqId), values, OrderedRows.Order.SEQ_ASC, limit, "", EbpfReader::spanRow);
    }

    @Override
    public Page<EbpfRow<HttpRed>> httpBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken) {
        return between(http, from, until, services, limit, pageToken, EbpfReader::httpRow);
    }

    @Override
    public Page<EbpfRow<GrpcRed>> grpcBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken) {
        return between(grpc, from, until, services, limit, pageToken, EbpfReader::grpcRow);
    }

    @Override
    public Page<EbpfRow<SqlRed>> sqlBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken) {
        return between(sql, from, until, services, limit, pageToken, EbpfReader::sqlRow);
    }

    @Override
    public List<EbpfTotal<HttpRed>> httpTotals(Instant from, Instant until, Collection<String> services, int limit) {
        return totals(Schema.BEYLA_HTTP, "service_name, http_method, http_route, http_status_code", "request_count",
                from, until, services, limit, (rs, latency, requests, at) -> new HttpRed(at, text(rs, 1), text(rs, 2),
                        text(rs, 3), rs.getInt(4), latency, requests, Map.of()));
    }

    @Override
    public List<EbpfTotal<GrpcRed>> grpcTotals(Instant from, Instant until, Collection<String> services, int limit) {
        return totals(Schema.BEYLA_GRPC, "service_name, grpc_method, grpc_status_code", "request_count", from, until,
                services, limit, (rs, latency, requests, at) -> new GrpcRed(at, text(rs, 1), text(rs, 2), rs.getInt(3),
                        latency, requests, Map.of()));
    }

    @Override
    public List<EbpfTotal<SqlRed>> sqlTotals(Instant from, Instant until, Collection<String> services, int limit) {
        return totals(Schema.BEYLA_SQL, "service_name, sql_operation, table_name", "query_count", from, until,
                services, limit, (rs, latency, requests, at) -> new SqlRed(at, text(rs, 1), text(rs, 2), text(rs, 3),
                        latency, requests, Map.of()));
    }

    /** Builds one total from the key columns (from 1) and the summed values. */
    private interface TotalReader<T> {
        T read(ResultSet rs, LatencyHistogram latency, long requests, long timestampMillis) throws SQLException;
    }

    /**
     * Rows summed per key and bucket bounds inside DuckDB: the histograms are unnested to (bucket
     * index, count), summed per key and index, and listed again in index order. Each row appears
     * once per index, so the count column summed per index is already the key's total.
     */
    private <T> List<EbpfTotal<T>> totals(String table, String keys, String countColumn, Instant from, Instant until,
            Collection<String> services, int limit, TotalReader<T> reader) {
        int k = keys.split(",").length;
        String sql = "SELECT " + keys + ", latency_buckets, list(c ORDER BY i), any_value(requests), max(ts),"
                + " any_value(n) FROM (SELECT " + keys + ", latency_buckets, i, CAST(sum(c) AS UBIGINT) AS c,"
                + " CAST(sum(cnt) AS BIGINT) AS requests, max(ts) AS ts, count(*) AS n FROM (SELECT " + keys
                + ", latency_buckets, " + countColumn + " AS cnt, epoch_us(timestamp) // 1000 AS ts,"
                + " unnest(latency_counts) AS c, generate_subscripts(latency_counts, 1) AS i FROM " + table
                + " WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + SpanReader.inFilter("service_name", services) + ") GROUP BY ALL) GROUP BY ALL"
                + " ORDER BY any_value(requests) DESC LIMIT " + Math.max(0, limit);
        try {
            return db.read(c -> {
                List<EbpfTotal<T>> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    Params.bind(ps, List.of(SpanReader.micros(from), SpanReader.micros(until)), services);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new EbpfTotal<>(reader.read(rs, latency(rs, k + 1), rs.getLong(k + 3),
                                    rs.getLong(k + 4)), rs.getLong(k + 5)));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("eBPF totals of " + table + " failed: " + e.getMessage(), e);
        }
    }

    private <T> Page<EbpfRow<T>> since(OrderedRows.Table table, long afterSeqId, Collection<String> services,
            int limit, OrderedRows.RowReader<T> reader) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(table, " WHERE seq_id > ?" + SpanReader.inFilter("service_name", services), List.of(afterSeqId),
                services, OrderedRows.Order.SEQ_ASC, limit, "", reader);
    }

    private <T> Page<EbpfRow<T>> between(OrderedRows.Table table, Instant from, Instant until,
            Collection<String> services, int limit, String pageToken, OrderedRows.RowReader<T> reader) {
        return query(table, " WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + SpanReader.inFilter("service_name", services), List.of(SpanReader.micros(from),
                SpanReader.micros(until)), services, OrderedRows.Order.TIME_ASC, limit, pageToken, reader);
    }

    private <T> Page<EbpfRow<T>> query(OrderedRows.Table table, String where, List<Long> bounds,
            Collection<String> values, OrderedRows.Order order, int limit, String pageToken,
            OrderedRows.RowReader<T> reader) {
        OrderedRows.Position after = order.parse(pageToken);
        try {
            OrderedRows.Result<EbpfRow<T>> r = db.read(c -> OrderedRows.read(c, table, where,
                    ps -> Params.bind(ps, bounds, values), order, limit, after, pageBytes,
                    rs -> new EbpfRow<>(rs.getLong(1), reader.read(rs))));
            return Pages.of(r, order, EbpfRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("eBPF query of " + table.from() + " failed: " + e.getMessage(), e);
        }
    }

    private static HttpRed httpRow(ResultSet rs) throws SQLException {
        return new HttpRed(rs.getLong(2), text(rs, 3), text(rs, 4), text(rs, 5), rs.getInt(6), latency(rs, 7),
                rs.getLong(9), SpanReader.flatten(rs.getString(10)));
    }

    private static GrpcRed grpcRow(ResultSet rs) throws SQLException {
        return new GrpcRed(rs.getLong(2), text(rs, 3), text(rs, 4), rs.getInt(5), latency(rs, 6), rs.getLong(8),
                SpanReader.flatten(rs.getString(9)));
    }

    private static SqlRed sqlRow(ResultSet rs) throws SQLException {
        return new SqlRed(rs.getLong(2), text(rs, 3), text(rs, 4), text(rs, 5), latency(rs, 6), rs.getLong(8),
                SpanReader.flatten(rs.getString(9)));
    }

    private static EbpfSpan spanRow(ResultSet rs) throws SQLException {
        return new EbpfSpan(text(rs, 3), text(rs, 4), text(rs, 5), text(rs, 6), text(rs, 7), text(rs, 8),
                rs.getLong(2), rs.getLong(9), rs.getInt(10), SpanReader.flatten(rs.getString(11)), rs.getInt(12));
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? "" : s;
    }

    /**
     * The bounds at {@code column} and the counts after it. A row whose lengths do not match (not
     * written by this store) reads as one +Inf bucket holding all its counts, rather than failing the page.
     */
    private static LatencyHistogram latency(ResultSet rs, int column) throws SQLException {
        double[] bounds = doubles(rs.getArray(column));
        long[] counts = longs(rs.getArray(column + 1));
        if (counts.length != bounds.length + 1) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return new LatencyHistogram(new double[0], new long[] {total});
        }
        return new LatencyHistogram(bounds, counts);
    }

    private static double[] doubles(Array array) throws SQLException {
        if (array == null) {
            return new double[0];
        }
        Object[] values = (Object[]) array.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? 0 : ((Number) values[i]).doubleValue();
        }
        return out;
    }

    private static long[] longs(Array array) throws SQLException {
        if (array == null) {
            return new long[0];
        }
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
        }
        return out;
    }
}
