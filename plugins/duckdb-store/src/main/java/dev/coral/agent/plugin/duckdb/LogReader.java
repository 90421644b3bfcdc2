package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.LogFilter;
import dev.coral.agent.api.query.LogQueries;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.api.query.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Log queries on {@code otel_logs_local}, in pages bounded by rows and bytes ({@link OrderedRows}).
 * Time ranges prune by zone maps as span queries do; the other filters are plain predicates.
 */
final class LogReader implements LogQueries {
    private final Database db;
    private final String sessionId;
    private final OrderedRows.Table table;
    private final long pageBytes;

    LogReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        TextColumns text = new TextColumns(limits.maxValueBytes());
        String columns = "seq_id, epoch_ns(timestamp), observed_time_unix_nano, trace_id, span_id, trace_flags, "
                + text.text("severity_text") + ", severity_number, service_name, body_type, " + text.text("body")
                + ", " + text.json("attributes") + ", " + text.json("resource_attributes") + ", "
                + text.text("scope_name") + ", " + text.text("scope_version") + ", " + text.text("event_name")
                + ", time_unix_nano";
        this.table = new OrderedRows.Table(columns, Schema.LOGS, "", text.rowBytes("trace_id", "span_id",
                "severity_text", "service_name", "body", "attributes", "resource_attributes", "scope_name",
                "scope_version", "event_name"));
    }

    @Override
    public Page<LogRow> logsSince(long afterSeqId, Collection<String> services, int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(" WHERE seq_id > ?" + SpanReader.inFilter("service_name", services),
                ps -> Params.bind(ps, List.of(afterSeqId), services), OrderedRows.Order.SEQ_ASC, limit, "");
    }

    @Override
    public Page<LogRow> logsBetween(Instant from, Instant until, LogFilter filter, int limit, String pageToken) {
        StringBuilder where = new StringBuilder(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)")
                .append(SpanReader.inFilter("service_name", filter.services()));
        if (filter.minSeverityNumber() > 0) {
            where.append(" AND severity_number >= ?");
        }
        if (!filter.traceId().isEmpty()) {
            where.append(" AND trace_id = ?");
        }
        if (!filter.bodyContains().isEmpty()) {
            where.append(" AND contains(lower(body), ?)");
        }
        return query(where.toString(), ps -> bind(ps, from, until, filter), OrderedRows.Order.TIME_DESC, limit,
                pageToken);
    }

    private static int bind(PreparedStatement ps, Instant from, Instant until, LogFilter filter) throws SQLException {
        int i = Params.bind(ps, List.of(SpanReader.micros(from), SpanReader.micros(until)), filter.services());
        if (filter.minSeverityNumber() > 0) {
            ps.setInt(i++, filter.minSeverityNumber());
        }
        if (!filter.traceId().isEmpty()) {
            ps.setString(i++, filter.traceId().toLowerCase(Locale.ROOT));
        }
        if (!filter.bodyContains().isEmpty()) {
            ps.setString(i++, filter.bodyContains().toLowerCase(Locale.ROOT));
        }
        return i;
    }

    private Page<LogRow> query(String where, OrderedRows.Binder binder, OrderedRows.Order order, int limit,
            String pageToken) {
        OrderedRows.Position after = order.parse(pageToken);
        try {
            OrderedRows.Result<LogRow> r = db.read(c -> OrderedRows.read(c, table, where, binder, order, limit, after,
                    pageBytes, LogReader::row));
            return Pages.of(r, order, LogRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("log query failed: " + e.getMessage(), e);
        }
    }

    /** One row of the select list, in its order. */
    private static LogRow row(ResultSet rs) throws SQLException {
        long timeNanos = rs.getLong(17);
        return LogRow.builder().seqId(rs.getLong(1))
                // The exact time as sent when there was one; else the stored timestamp (observed or arrival).
                .timestampUnixNano(timeNanos != 0 ? timeNanos : rs.getLong(2))
                .observedTimestampUnixNano(rs.getLong(3)).traceId(rs.getString(4)).spanId(rs.getString(5))
                .traceFlags(rs.getInt(6)).severityText(rs.getString(7)).severityNumber(rs.getInt(8))
                .serviceName(rs.getString(9)).bodyType(rs.getString(10)).body(rs.getString(11))
                .attributesJson(rs.getString(12)).resourceAttributesJson(rs.getString(13))
                .scopeName(rs.getString(14)).scopeVersion(rs.getString(15)).eventName(rs.getString(16)).build();
    }
}
