package dev.coral.agent.plugin.sysmetrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample being written: scrapers {@link #record} values and this turns them into OTLP
 * metrics, one {@link Metric} per name with a data point per attribute set. All points share the
 * sample's time, so a store sees one timestamp per sample.
 *
 * <p>Gauges become OTLP Gauges; counters cumulative monotonic Sums whose start time comes from
 * {@link SeriesMemory}; busy counters additionally a delta-temporality Sum of the same name with
 * the change since the previous sample (skipped on the first sample and after a reset).
 */
final class Sample {
    private final long timeNanos;
    private final SeriesMemory series;
    private final boolean deltas;
    private final ProblemLog problems;
    private final Map<String, Metric.Builder> metrics = new LinkedHashMap<>();
    private String scraper = "";
    private int points;

    Sample(long timeNanos, SeriesMemory series, boolean deltas, ProblemLog problems) {
        this.timeNanos = timeNanos;
        this.series = series;
        this.deltas = deltas;
        this.problems = problems;
    }

    /** Names the scraper now writing, for the problems it reports. */
    void scraper(String name) {
        this.scraper = name;
    }

    /**
     * Records a whole-number value.
     *
     * @param attributes key, value, key, value...
     */
    void record(HostMetric metric, long value, String... attributes) {
        List<KeyValue> attrs = attributes(attributes);
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsInt(value)
                .addAllAttributes(attrs);
        if (metric.kind() == HostMetric.Kind.GAUGE) {
            gauge(metric).addDataPoints(point);
            points++;
            return;
        }
        SeriesMemory.Observation o = series.observe(seriesKey(metric, attributes), value, timeNanos);
        cumulative(metric).addDataPoints(point.setStartTimeUnixNano(o.startNanos()));
        points++;
        if (deltas && metric.kind() == HostMetric.Kind.BUSY_COUNTER && o.hasDelta()) {
            delta(metric).addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(o.deltaStartNanos())
                    .setTimeUnixNano(timeNanos).setAsInt(o.delta()).addAllAttributes(attrs));
            points++;
        }
    }

    /** Records a fractional value (percentages, seconds, load). Busy counters take whole numbers only. */
    void record(HostMetric metric, double value, String... attributes) {
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(value)
                .addAllAttributes(attributes(attributes));
        if (metric.kind() == HostMetric.Kind.GAUGE) {
            gauge(metric).addDataPoints(point);
        } else {
            long start = series.observe(seriesKey(metric, attributes), value, timeNanos);
            cumulative(metric).addDataPoints(point.setStartTimeUnixNano(start));
        }
        points++;
    }

    /** One source of the current scraper failed (a mount, a file); logged once while it keeps failing. */
    void problem(String source, Throwable error) {
        problems.failed(scraper + "/" + source, error);
    }

    /** One source of the current scraper worked (ends a {@link #problem}). */
    void ok(String source) {
        problems.succeeded(scraper + "/" + source);
    }

    /** Data points recorded so far, deltas included. */
    int points() {
        return points;
    }

    List<Metric> metrics() {
        List<Metric> out = new ArrayList<>(metrics.size());
        for (Metric.Builder b : metrics.values()) {
            out.add(b.build());
        }
        return out;
    }

    private Gauge.Builder gauge(HostMetric metric) {
        return metric(metric, "", m -> m.getGaugeBuilder()).getGaugeBuilder();
    }

    private Sum.Builder cumulative(HostMetric metric) {
        return metric(metric, "", m -> m.getSumBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .setIsMonotonic(true)).getSumBuilder();
    }

    private Sum.Builder delta(HostMetric metric) {
        return metric(metric, "#delta", m -> m.getSumBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .setIsMonotonic(true)).getSumBuilder();
    }

    private Metric.Builder metric(HostMetric metric, String variant, java.util.function.Consumer<Metric.Builder> init) {
        return metrics.computeIfAbsent(metric.metricName() + variant, k -> {
            Metric.Builder b = Metric.newBuilder().setName(metric.metricName()).setUnit(metric.unit())
                    .setDescription(metric.description());
            init.accept(b);
            return b;
        });
    }

    private static List<KeyValue> attributes(String[] pairs) {
        if (pairs.length == 0) {
            return List.of();
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in key, value pairs");
        }
        List<KeyValue> out = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(KeyValue.newBuilder().setKey(pairs[i])
                    .setValue(AnyValue.newBuilder().setStringValue(pairs[i + 1])).build());
        }
        return out;
    }

    private static String seriesKey(HostMetric metric, String[] attributes) {
        return attributes.length == 0 ? metric.metricName()
                : metric.metricName() + '\u0000' + String.join("\u0000", attributes);
    }
}
