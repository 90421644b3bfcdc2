package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.MetricPointRow;
import dev.coral.agent.api.query.MetricPointType;
import dev.coral.agent.api.query.MetricQueries;
import dev.coral.agent.api.query.Page;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Queries of the five {@code otel_metrics_*_local} tables, each with its own seq ids, in pages
 * bounded by rows and bytes ({@link OrderedRows}). Every table's select list starts with the same
 * thirteen columns ({@link #COMMON}); the type's own values follow.
 */
final class MetricPointReader implements MetricQueries {
    /** What one bucket, bound or quantile takes in a page. */
    private static final int ARRAY_ITEM_BYTES = 16;
    private static final int FIRST_OWN_COLUMN = 14;

    private final Database db;
    private final String sessionId;
    private final long pageBytes;
    private final Map<MetricPointType, OrderedRows.Table> tables = new EnumMap<>(MetricPointType.class);

    MetricPointReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        TextColumns t = new TextColumns(limits.maxValueBytes());
        String common = "seq_id, time_unix_nano, start_time_unix_nano, " + t.text("service_name") + ", "
                + t.text("metric_name") + ", " + t.text("description") + ", " + t.text("unit") + ", "
                + t.json("attributes") + ", " + t.json("resource_attributes") + ", " + t.text("scope_name") + ", "
                + t.text("scope_version") + ", flags, " + t.json("exemplars") + ", ";
        String bytes = t.rowBytes("service_name", "metric_name", "description", "unit", "attributes",
                "resource_attributes", "scope_name", "scope_version", "exemplars");
        tables.put(MetricPointType.GAUGE, new OrderedRows.Table(common + "value, int_value", Schema.METRICS_GAUGE, "",
                bytes));
        tables.put(MetricPointType.SUM, new OrderedRows.Table(common + "value, int_value, aggregation_temporality,"
                + " is_monotonic", Schema.METRICS_SUM, "", bytes));
        tables.put(MetricPointType.HISTOGRAM, new OrderedRows.Table(common + "aggregation_temporality, count, sum,"
                + " min, max, bucket_counts, explicit_bounds", Schema.METRICS_HISTOGRAM, "",
                withArrays(bytes, "bucket_counts", "explicit_bounds")));
        tables.put(MetricPointType.EXPONENTIAL_HISTOGRAM, new OrderedRows.Table(common + "aggregation_temporality,"
                + " count, sum, min, max, scale, zero_count, zero_threshold, positive_offset, positive_bucket_counts,"
                + " negative_offset, negative_bucket_counts", Schema.METRICS_EXP_HISTOGRAM, "",
                withArrays(bytes, "positive_bucket_counts", "negative_bucket_counts")));
        tables.put(MetricPointType.SUMMARY, new OrderedRows.Table(common + "count, sum, quantiles, quantile_values",
                Schema.METRICS_SUMMARY, "", withArrays(bytes, "quantiles", "quantile_values")));
    }

    private static String withArrays(String rowBytes, String... arrays) {
        StringBuilder sb = new StringBuilder("(").append(rowBytes);
        for (String a : arrays) {
            sb.append(" + ").append(ARRAY_ITEM_BYTES).append(" * coalesce(len(").append(a).append("), 0)");
        }
        return sb.append(')').toString();
    }

    @Override
    public Page<MetricPointRow> pointsSince(MetricPointType type, long afterSeqId, Collection<String> names,
            Collection<String> services, int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(type, " WHERE seq_id > ?" + filters(names, services), List.of(afterSeqId), names, services,
                OrderedRows.Order.SEQ_ASC, limit, "");
    }

    @Override
    public Page<MetricPointRow> pointsBetween(MetricPointType type, Instant from, Instant until,
            Collection<String> names, Collection<String> services, int limit, String pageToken) {
        return query(type, " WHERE timestamp >= make_timestamp(?) AND timestamp < make_timestamp(?)"
                + filters(names, services), List.of(SpanReader.micros(from), SpanReader.micros(until)), names,
                services, OrderedRows.Order.TIME_ASC, limit, pageToken);
    }

    private static String filters(Collection<String> names, Collection<String> services) {
        return SpanReader.inFilter("metric_name", names) + SpanReader.inFilter("service_name", services);
    }

    private Page<MetricPointRow> query(MetricPointType type, String where, List<Long> bounds,
            Collection<String> names, Collection<String> services, OrderedRows.Order order, int limit,
            String pageToken) {
        OrderedRows.Position after = order.parse(pageToken);
        List<String> values = new ArrayList<>(names);
        values.addAll(services);
        try {
            OrderedRows.Result<MetricPointRow> r = db.read(c -> OrderedRows.read(c, tables.get(type), where,
                    ps -> Params.bind(ps, bounds, values), order, limit, after, pageBytes, rs -> row(type, rs)));
            return Pages.of(r, order, MetricPointRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("metric point query failed: " + e.getMessage(), e);
        }
    }

    private static MetricPointRow row(MetricPointType type, ResultSet rs) throws SQLException {
        MetricPointRow.Builder b = MetricPointRow.builder().type(type).seqId(rs.getLong(1))
                .timeUnixNano(rs.getLong(2)).startTimeUnixNano(rs.getLong(3)).serviceName(rs.getString(4))
                .metricName(rs.getString(5)).description(rs.getString(6)).unit(rs.getString(7))
                .attributesJson(rs.getString(8)).resourceAttributesJson(rs.getString(9)).scopeName(rs.getString(10))
                .scopeVersion(rs.getString(11)).flags((int) rs.getLong(12)).exemplarsJson(rs.getString(13));
        int c = FIRST_OWN_COLUMN;
        switch (type) {
            case GAUGE, SUM -> {
                double value = rs.getDouble(c);
                long exact = rs.getLong(c + 1);
                if (rs.wasNull()) {
                    b.value(value);
                } else {
                    b.intValue(exact);
                }
                if (type == MetricPointType.SUM) {
                    b.aggregationTemporality(rs.getString(c + 2)).isMonotonic(rs.getBoolean(c + 3));
                }
            }
            case HISTOGRAM -> b.aggregationTemporality(rs.getString(c)).count(rs.getLong(c + 1))
                    .sum(optional(rs, c + 2)).min(optional(rs, c + 3)).max(optional(rs, c + 4))
                    .bucketCounts(longs(rs.getArray(c + 5))).explicitBounds(doubles(rs.getArray(c + 6)));
            case EXPONENTIAL_HISTOGRAM -> b.aggregationTemporality(rs.getString(c)).count(rs.getLong(c + 1))
                    .sum(optional(rs, c + 2)).min(optional(rs, c + 3)).max(optional(rs, c + 4)).scale(rs.getInt(c + 5))
                    .zeroCount(rs.getLong(c + 6)).zeroThreshold(rs.getDouble(c + 7)).positiveOffset(rs.getInt(c + 8))
                    .positiveBucketCounts(longs(rs.getArray(c + 9))).negativeOffset(rs.getInt(c + 10))
                    .negativeBucketCounts(longs(rs.getArray(c + 11)));
            case SUMMARY -> {
                b.count(rs.getLong(c)).sum(optional(rs, c + 1));
                List<Double> quantiles = doubles(rs.getArray(c + 2));
                List<Double> values = doubles(rs.getArray(c + 3));
                List<MetricPointRow.Quantile> out = new ArrayList<>();
                for (int i = 0; i < Math.min(quantiles.size(), values.size()); i++) {
                    out.add(new MetricPointRow.Quantile(quantiles.get(i), values.get(i)));
                }
                b.quantiles(out);
            }
        }
        return b.build();
    }

    private static OptionalDouble optional(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static List<Long> longs(Array array) throws SQLException {
        List<Long> out = new ArrayList<>();
        if (array != null) {
            for (Object v : (Object[]) array.getArray()) {
                out.add(v == null ? 0L : ((Number) v).longValue());
            }
        }
        return out;
    }

    private static List<Double> doubles(Array array) throws SQLException {
        List<Double> out = new ArrayList<>();
        if (array != null) {
            for (Object v : (Object[]) array.getArray()) {
                out.add(v == null ? 0.0 : ((Number) v).doubleValue());
            }
        }
        return out;
    }
}
