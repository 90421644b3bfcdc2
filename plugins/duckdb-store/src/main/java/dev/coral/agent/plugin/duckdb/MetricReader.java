package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Host metric queries on {@code system_metrics_local}, in pages bounded by rows and bytes. */
final class MetricReader implements SystemMetricQueries {
    private final Database db;
    private final String sessionId;
    private final OrderedRows.Table table;
    private final long pageBytes;

    MetricReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        TextColumns text = new TextColumns(limits.maxValueBytes());
        this.table = new OrderedRows.Table("seq_id, epoch_us(timestamp) // 1000, name, value, unit, metric_type, "
                + text.json("attributes"), Schema.SYSTEM_METRICS, "",
                text.rowBytes("name", "unit", "metric_type", "attributes"));
    }

    @Override
    public Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(" WHERE seq_id > ?" + SpanReader.inFilter("name", names), List.of(afterSeqId), names,
                OrderedRows.Order.SEQ_ASC, limit, "");
    }

    @Override
    public Page<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names, int limit,
            String pageToken) {
        return query(" WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + SpanReader.inFilter("name", names), List.of(SpanReader.micros(from), SpanReader.micros(until)),
                names, OrderedRows.Order.TIME_ASC, limit, pageToken);
    }

    private Page<SystemMetricRow> query(String where, List<Long> bounds, Collection<String> names,
            OrderedRows.Order order, int limit, String pageToken) {
        OrderedRows.Position after = order.parse(pageToken);
        try {
            OrderedRows.Result<SystemMetricRow> r = db.read(c -> OrderedRows.read(c, table, where,
                    ps -> Params.bind(ps, bounds, names), order, limit, after, pageBytes,
                    rs -> new SystemMetricRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getDouble(4),
                            rs.getString(5), rs.getString(6), rs.getString(7))));
            return Pages.of(r, order, SystemMetricRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("system metric query failed: " + e.getMessage(), e);
        }
    }
}
