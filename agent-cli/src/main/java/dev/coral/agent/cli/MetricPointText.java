package dev.coral.agent.cli;

import dev.coral.agent.server.v1.MetricPoint;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.StringJoiner;

/** A metric point's cells in {@code query metrics}' table: its type, its value(s) in short, its attributes. */
final class MetricPointText {
    private MetricPointText() {}

    /** gauge; counter or up-down (a sum), with "delta" when it is one; histogram; exp-histogram; summary. */
    static String type(MetricPoint p) {
        String delta = p.getAggregationTemporality().equals("delta") ? " delta" : "";
        return switch (p.getType()) {
            case METRIC_POINT_TYPE_GAUGE -> "gauge";
            case METRIC_POINT_TYPE_SUM -> (p.getIsMonotonic() ? "counter" : "up-down") + delta;
            case METRIC_POINT_TYPE_HISTOGRAM -> "histogram" + delta;
            case METRIC_POINT_TYPE_EXPONENTIAL_HISTOGRAM -> "exp-histogram" + delta;
            case METRIC_POINT_TYPE_SUMMARY -> "summary";
            default -> p.getType().name();
        };
    }

    /**
     * The value of a gauge or sum (an integer exactly); for the others count, sum, mean and the buckets in
     * short: {@code count=6 sum=123.4 mean=20.57 [≤5:1 ≤10:2 ≤50:2 +Inf:1]}.
     */
    static String value(MetricPoint p) {
        return switch (p.getType()) {
            case METRIC_POINT_TYPE_GAUGE, METRIC_POINT_TYPE_SUM ->
                    p.hasIntValue() ? Long.toString(p.getIntValue()) : Tables.number(p.getValue());
            case METRIC_POINT_TYPE_HISTOGRAM -> counts(p) + " " + buckets(p.getExplicitBoundsList(), p.getBucketCountsList());
            case METRIC_POINT_TYPE_EXPONENTIAL_HISTOGRAM -> counts(p) + " scale=" + p.getScale() + " zero="
                    + Long.toUnsignedString(p.getZeroCount()) + " positive=" + p.getPositiveBucketCountsCount()
                    + " buckets from " + p.getPositiveOffset() + " negative=" + p.getNegativeBucketCountsCount()
                    + " buckets from " + p.getNegativeOffset();
            case METRIC_POINT_TYPE_SUMMARY -> {
                StringJoiner q = new StringJoiner(" ", counts(p) + " ", "");
                p.getQuantilesList().forEach(v -> q.add(percentile(v.getQuantile()) + "=" + Tables.number(v.getValue())));
                yield q.toString();
            }
            default -> "";
        };
    }

    /** 0.5 as p50, 0.999 as p99.9. */
    static String percentile(double quantile) {
        return "p" + java.math.BigDecimal.valueOf(quantile).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String counts(MetricPoint p) {
        StringBuilder sb = new StringBuilder("count=").append(Long.toUnsignedString(p.getCount()));
        if (p.hasSum()) {
            sb.append(" sum=").append(Tables.number(p.getSum()));
            if (p.getCount() != 0) {
                sb.append(" mean=").append(Tables.number(p.getSum() / p.getCount()));
            }
        }
        if (p.hasMin()) {
            sb.append(" min=").append(Tables.number(p.getMin()));
        }
        if (p.hasMax()) {
            sb.append(" max=").append(Tables.number(p.getMax()));
        }
        return sb.toString();
    }

    /** {@code [≤5:1 ≤10:2 +Inf:1]}: each bucket's upper bound and count. */
    static String buckets(List<Double> bounds, List<Long> counts) {
        StringJoiner out = new StringJoiner(" ", "[", "]");
        for (int i = 0; i < counts.size(); i++) {
            out.add((i < bounds.size() ? "≤" + Tables.number(bounds.get(i)) : "+Inf") + ":"
                    + Long.toUnsignedString(counts.get(i)));
        }
        return out.toString();
    }

    /** Typed attributes on one line ({@link AttributeText}); "-" when there are none. */
    static String attributes(List<KeyValue> attributes) {
        return attributes.isEmpty() ? "-" : AttributeText.of(attributes);
    }
}
