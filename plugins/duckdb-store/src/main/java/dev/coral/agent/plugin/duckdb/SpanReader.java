package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Span queries, each on its own connection to the database, in pages bounded by rows and bytes
 * ({@link OrderedRows}). Time-range and per-service lookups rely on DuckDB's zone maps (rows
 * arrive roughly in time order, so the min/max of each row group prune well); no ART index,
 * which would slow every append (BENCHMARKS.md has the figures).
 */
final class SpanReader implements SpanQueries {
    private final Database db;
    private final String sessionId;
    private final OrderedRows.Table table;
    private final long pageBytes;

    SpanReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        TextColumns text = new TextColumns(limits.maxValueBytes());
        String columns = "seq_id, epoch_us(timestamp) // 1000, trace_id, span_id, parent_span_id, service_name, "
                + text.text("span_name") + ", span_kind, duration_ms, is_error, " + text.text("status_message")
                + ", http_status, http_method, " + text.text("http_route") + ", " + text.json("attributes")
                + ", start_time_unix_nano, end_time_unix_nano, " + text.text("scope_name") + ", "
                + text.json("resource_attributes") + ", " + text.json("events") + ", " + text.json("links")
                + ", status_code, " + text.text("scope_version");
        this.table = new OrderedRows.Table(columns, Schema.SPANS, "", text.rowBytes("trace_id", "span_id",
                "parent_span_id", "service_name", "span_name", "span_kind", "status_message", "http_method",
                "http_route", "attributes", "scope_name", "resource_attributes", "events", "links", "status_code",
                "scope_version"));
    }

    @Override
    public Page<SpanRow> spansSince(long afterSeqId, Collection<String> services, int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(" WHERE seq_id > ?" + inFilter("service_name", services), ps -> Params.bind(ps,
                List.of(afterSeqId), services), OrderedRows.Order.SEQ_ASC, limit, "");
    }

    @Override
    public Page<SpanRow> spansBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken) {
        return query(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + inFilter("service_name", services), ps -> Params.bind(ps, List.of(micros(from), micros(until)),
                services), OrderedRows.Order.TIME_DESC, limit, pageToken);
    }

    @Override
    public Page<SpanRow> trace(String traceId, Collection<String> services, int limit, String pageToken) {
        return query(" WHERE trace_id = ?" + inFilter("service_name", services), ps -> {
            ps.setString(1, traceId.toLowerCase(Locale.ROOT));
            int i = 2;
            for (String s : services) {
                ps.setString(i++, s);
            }
            return i;
        }, OrderedRows.Order.START_ASC, limit, pageToken);
    }

    @Override
    public Map<String, Long> servicesBetween(Instant from, Instant until) {
        String sql = "SELECT service_name, epoch_us(max(timestamp)) // 1000 FROM " + Schema.SPANS
                + " WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + " AND service_name IS NOT NULL GROUP BY service_name";
        try {
            return db.read(c -> {
                Map<String, Long> out = new TreeMap<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, micros(from));
                    ps.setLong(2, micros(until));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("service query failed: " + e.getMessage(), e);
        }
    }

    private Page<SpanRow> query(String where, OrderedRows.Binder binder, OrderedRows.Order order, int limit,
            String pageToken) {
        OrderedRows.Position after = order.parse(pageToken);
        try {
            OrderedRows.Result<SpanRow> r = db.read(c -> OrderedRows.read(c, table, where, binder, order, limit, after,
                    pageBytes, SpanReader::row));
            return Pages.of(r, order, SpanRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("span query failed: " + e.getMessage(), e);
        }
    }

    /** {@code AND column IN (?, ...)}, or nothing for an empty collection (= all). */
    static String inFilter(String column, Collection<String> values) {
        return values.isEmpty() ? "" : " AND " + column + " IN (" + "?,".repeat(values.size() - 1) + "?)";
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** One row of {@code columns}, in their order. */
    private static SpanRow row(ResultSet rs) throws SQLException {
        String attributes = rs.getString(15);
        return SpanRow.builder().seqId(rs.getLong(1)).timestampMillis(rs.getLong(2)).traceId(rs.getString(3))
                .spanId(rs.getString(4)).parentSpanId(rs.getString(5)).serviceName(rs.getString(6))
                .spanName(rs.getString(7)).spanKind(rs.getString(8)).durationMs(rs.getDouble(9))
                .isError(rs.getBoolean(10)).statusMessage(rs.getString(11)).httpStatus(rs.getInt(12))
                .httpMethod(rs.getString(13)).httpRoute(rs.getString(14)).attributes(flatten(attributes))
                .attributesJson(attributes)
                .startTimeUnixNano(rs.getLong(16)).endTimeUnixNano(rs.getLong(17)).scopeName(rs.getString(18))
                .resourceAttributesJson(rs.getString(19)).eventsJson(rs.getString(20)).linksJson(rs.getString(21))
                .statusCode(rs.getString(22)).scopeVersion(rs.getString(23))
                .build();
    }

    /** The attributes JSON object as key -> string, as the colony's map<string,string> wants. */
    static Map<String, String> flatten(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null) {
            return out;
        }
        new FlatJson(json).readObjectInto(out);
        return out;
    }
}
