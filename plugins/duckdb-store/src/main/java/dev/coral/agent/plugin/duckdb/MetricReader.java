package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Host metric queries on {@code system_metrics_local}. */
final class MetricReader implements SystemMetricQueries {
    private static final String COLUMNS = "seq_id, epoch_us(timestamp) // 1000, name, value, unit, metric_type,"
            + " CAST(attributes AS VARCHAR)";

    private final Database db;
    private final String sessionId;

    MetricReader(Database db, String sessionId) {
        this.db = db;
        this.sessionId = sessionId;
    }

    @Override
    public Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit) {
        List<SystemMetricRow> rows = query(" WHERE seq_id > ?" + SpanReader.inFilter("name", names),
                OrderedRows.Order.SEQ_ASC, List.of(afterSeqId), names, limit);
        return new Page<>(rows, rows.isEmpty() ? 0 : rows.getLast().seqId(), sessionId);
    }

    @Override
    public List<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names, int limit) {
        return query(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + SpanReader.inFilter("name", names), OrderedRows.Order.TIME_ASC,
                List.of(SpanReader.micros(from), SpanReader.micros(until)), names, limit);
    }

    private List<SystemMetricRow> query(String where, OrderedRows.Order order, List<Long> bounds,
            Collection<String> names, int limit) {
        try {
            return db.read(c -> OrderedRows.read(c, COLUMNS, Schema.SYSTEM_METRICS, "", where,
                    ps -> Params.bind(ps, bounds, names), order, limit,
                    rs -> new SystemMetricRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getDouble(4),
                            rs.getString(5), rs.getString(6), rs.getString(7))));
        } catch (SQLException e) {
            throw new IllegalStateException("system metric query failed: " + e.getMessage(), e);
        }
    }
}
