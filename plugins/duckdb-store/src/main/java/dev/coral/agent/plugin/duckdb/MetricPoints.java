package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * A batch's application metric points (everything but the {@code system.*} gauges and sums that
 * {@link MetricAppender} keeps), ready for the five {@code otel_metrics_*_local} tables: the text
 * (names cut to the value limits, attributes and exemplars as JSON) is made by
 * {@link MetricPointConverter} on the caller's thread, so the writer only appends, as for spans.
 * The numbers stay in the OTLP point until then.
 */
final class MetricPoints {
    /**
     * What the points of one metric share.
     *
     * @param temporality {@code cumulative}, {@code delta}, {@code unspecified}; empty for gauges and summaries
     */
    record Series(String service, String resource, String scope, String scopeVersion, String name,
            String description, String unit, String temporality, boolean monotonic) {}

    /** One point with its text made. */
    record Row<P>(Series series, String attributes, String exemplars, P point) {}

    final List<Row<NumberDataPoint>> gauges = new ArrayList<>();
    final List<Row<NumberDataPoint>> sums = new ArrayList<>();
    final List<Row<HistogramDataPoint>> histograms = new ArrayList<>();
    final List<Row<ExponentialHistogramDataPoint>> exponentialHistograms = new ArrayList<>();
    final List<Row<SummaryDataPoint>> summaries = new ArrayList<>();
    private final long createdMicros;
    /** Metrics of the request with no data at all (no OTLP type): acknowledged, nothing to keep. */
    int unkeptMetrics;

    MetricPoints(long createdMicros) {
        this.createdMicros = createdMicros;
    }

    int size() {
        return gauges.size() + sums.size() + histograms.size() + exponentialHistograms.size() + summaries.size();
    }

    /** Rows per table, for the group's seq ids. */
    Map<String, Integer> counts() {
        return Map.of(Schema.METRICS_GAUGE, gauges.size(), Schema.METRICS_SUM, sums.size(),
                Schema.METRICS_HISTOGRAM, histograms.size(), Schema.METRICS_EXP_HISTOGRAM,
                exponentialHistograms.size(), Schema.METRICS_SUMMARY, summaries.size());
    }

    void appendGauges(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < gauges.size(); i++) {
            Row<NumberDataPoint> r = gauges.get(i);
            NumberDataPoint p = r.point();
            common(a, firstSeq + i, r, p.getTimeUnixNano(), p.getStartTimeUnixNano(), p.getFlags());
            number(a, p);
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendSums(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < sums.size(); i++) {
            Row<NumberDataPoint> r = sums.get(i);
            NumberDataPoint p = r.point();
            common(a, firstSeq + i, r, p.getTimeUnixNano(), p.getStartTimeUnixNano(), p.getFlags());
            number(a, p);
            a.append(r.series().temporality());
            a.append(r.series().monotonic());
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendHistograms(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < histograms.size(); i++) {
            Row<HistogramDataPoint> r = histograms.get(i);
            HistogramDataPoint p = r.point();
            common(a, firstSeq + i, r, p.getTimeUnixNano(), p.getStartTimeUnixNano(), p.getFlags());
            a.append(r.series().temporality());
            a.append(p.getCount());
            optional(a, p.hasSum(), p.getSum());
            optional(a, p.hasMin(), p.getMin());
            optional(a, p.hasMax(), p.getMax());
            a.append(longs(p.getBucketCountsList()));
            a.append(doubles(p.getExplicitBoundsList()));
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendExponentialHistograms(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < exponentialHistograms.size(); i++) {
            Row<ExponentialHistogramDataPoint> r = exponentialHistograms.get(i);
            ExponentialHistogramDataPoint p = r.point();
            common(a, firstSeq + i, r, p.getTimeUnixNano(), p.getStartTimeUnixNano(), p.getFlags());
            a.append(r.series().temporality());
            a.append(p.getCount());
            optional(a, p.hasSum(), p.getSum());
            optional(a, p.hasMin(), p.getMin());
            optional(a, p.hasMax(), p.getMax());
            a.append(p.getScale());
            a.append(p.getZeroCount());
            a.append(p.getZeroThreshold());
            a.append(p.getPositive().getOffset());
            a.append(longs(p.getPositive().getBucketCountsList()));
            a.append(p.getNegative().getOffset());
            a.append(longs(p.getNegative().getBucketCountsList()));
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendSummaries(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < summaries.size(); i++) {
            Row<SummaryDataPoint> r = summaries.get(i);
            SummaryDataPoint p = r.point();
            common(a, firstSeq + i, r, p.getTimeUnixNano(), p.getStartTimeUnixNano(), p.getFlags());
            a.append(p.getCount());
            a.append(p.getSum());
            int n = p.getQuantileValuesCount();
            double[] quantiles = new double[n];
            double[] values = new double[n];
            for (int q = 0; q < n; q++) {
                quantiles[q] = p.getQuantileValues(q).getQuantile();
                values[q] = p.getQuantileValues(q).getValue();
            }
            a.append(quantiles);
            a.append(values);
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    /** The columns every metric table starts with, in {@link Schema}'s order. */
    private static void common(DuckDBAppender a, long seq, Row<?> r, long time, long start, int flags)
            throws SQLException {
        long timeNanos = SpanConverter.clampedNanos(time);
        Series s = r.series();
        a.beginRow();
        a.append(seq);
        a.appendEpochMicros(timeNanos / 1000);
        a.append(SpanConverter.clampedNanos(start));
        a.append(timeNanos);
        a.append(s.service());
        a.append(s.name());
        a.append(s.description());
        a.append(s.unit());
        a.append(r.attributes());
        a.append(s.resource());
        a.append(s.scope());
        a.append(s.scopeVersion());
        a.append(flags);
        a.append(r.exemplars());
    }

    /** {@code value} and {@code int_value}: an integer point keeps its exact value in the second. */
    private static void number(DuckDBAppender a, NumberDataPoint p) throws SQLException {
        if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
            a.append((double) p.getAsInt());
            a.append(p.getAsInt());
        } else {
            a.append(p.getAsDouble());
            a.appendNull();
        }
    }

    private static void optional(DuckDBAppender a, boolean present, double value) throws SQLException {
        if (present) {
            a.append(value);
        } else {
            a.appendNull();
        }
    }

    private static long[] longs(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double[] doubles(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
