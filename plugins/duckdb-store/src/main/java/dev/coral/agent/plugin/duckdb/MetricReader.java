package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Host metric queries on {@code system_metrics_local}. */
final class MetricReader implements SystemMetricQueries {
    private static final String SELECT = "SELECT seq_id, epoch_us(timestamp) // 1000, name, value, unit, metric_type,"
            + " CAST(attributes AS VARCHAR) FROM " + Schema.SYSTEM_METRICS;

    private final Database db;
    private final String sessionId;

    MetricReader(Database db, String sessionId) {
        this.db = db;
        this.sessionId = sessionId;
    }

    @Override
    public Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit) {
        List<SystemMetricRow> rows = query(" WHERE seq_id > ?" + SpanReader.inFilter("name", names)
                + " ORDER BY seq_id LIMIT ?", List.of(afterSeqId), names, limit);
        return new Page<>(rows, rows.isEmpty() ? 0 : rows.getLast().seqId(), sessionId);
    }

    @Override
    public List<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names, int limit) {
        return query(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + SpanReader.inFilter("name", names) + " ORDER BY timestamp, seq_id LIMIT ?",
                List.of(SpanReader.micros(from), SpanReader.micros(until)), names, limit);
    }

    private List<SystemMetricRow> query(String where, List<Long> bounds, Collection<String> names, int limit) {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(SELECT + where)) {
                    ps.setInt(Params.bind(ps, bounds, names), Math.max(0, limit));
                    List<SystemMetricRow> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new SystemMetricRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getDouble(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7)));
                        }
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("system metric query failed: " + e.getMessage(), e);
        }
    }
}
