package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Span queries, each on its own connection to the database. Time-range and per-service lookups
 * rely on DuckDB's zone maps (rows arrive roughly in time order, so the min/max of each row group
 * prune well); no ART index, which would slow every append (BENCHMARKS.md has the figures).
 */
final class SpanReader implements SpanQueries {
    private static final String COLUMNS = "seq_id, epoch_us(timestamp) // 1000, trace_id, span_id, parent_span_id,"
            + " service_name, span_name, span_kind, duration_ms, is_error, status_message, http_status, http_method,"
            + " http_route,"
            + " CAST(attributes AS VARCHAR), start_time_unix_nano, end_time_unix_nano, scope_name,"
            + " CAST(resource_attributes AS VARCHAR), CAST(events AS VARCHAR), CAST(links AS VARCHAR)";

    private final Database db;
    private final String sessionId;

    SpanReader(Database db, String sessionId) {
        this.db = db;
        this.sessionId = sessionId;
    }

    @Override
    public Page<SpanRow> spansSince(long afterSeqId, Collection<String> services, int limit) {
        List<SpanRow> rows = query(" WHERE seq_id > ?" + inFilter("service_name", services), OrderedRows.Order.SEQ_ASC,
                List.of(afterSeqId), services, limit);
        return new Page<>(rows, rows.isEmpty() ? 0 : rows.getLast().seqId(), sessionId);
    }

    @Override
    public List<SpanRow> spansBetween(Instant from, Instant until, Collection<String> services, int limit) {
        return query(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + inFilter("service_name", services), OrderedRows.Order.TIME_DESC,
                List.of(micros(from), micros(until)), services, limit);
    }

    @Override
    public List<SpanRow> trace(String traceId) {
        String sql = "SELECT " + COLUMNS + " FROM " + Schema.SPANS
                + " WHERE trace_id = ? ORDER BY start_time_unix_nano, seq_id";
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, traceId.toLowerCase(Locale.ROOT));
                    return rows(ps);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("trace query failed: " + e.getMessage(), e);
        }
    }

    private List<SpanRow> query(String where, OrderedRows.Order order, List<Long> bounds, Collection<String> services,
            int limit) {
        try {
            return db.read(c -> OrderedRows.read(c, COLUMNS, Schema.SPANS, "", where,
                    ps -> Params.bind(ps, bounds, services), order, limit, SpanReader::row));
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

    private static List<SpanRow> rows(PreparedStatement ps) throws SQLException {
        List<SpanRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static SpanRow row(ResultSet rs) throws SQLException {
        return new SpanRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9), rs.getBoolean(10),
                rs.getString(11), rs.getInt(12), rs.getString(13), rs.getString(14), flatten(rs.getString(15)),
                rs.getLong(16), rs.getLong(17), rs.getString(18), rs.getString(19), rs.getString(20),
                rs.getString(21));
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
