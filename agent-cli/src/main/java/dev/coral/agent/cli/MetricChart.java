package dev.coral.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.MetricPoint;
import dev.coral.agent.server.v1.MetricPointType;
import dev.coral.agent.server.v1.SystemMetric;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code query metrics --chart}: one metric's points as the samples {@link Sparklines} draws, one
 * series per service and attribute set. A gauge or sum is drawn as its values. A histogram (either
 * kind) or summary is drawn as the mean of the values recorded in each interval: sum / count of a
 * delta point, and of a series' first cumulative point or the first after a reset (a new start
 * time); for the next cumulative points the difference of sum over the difference of count to the
 * previous point. An interval without values draws nothing. The mean,
 * not the count: it is what a latency or size histogram is read for, and a cumulative count only
 * ever climbs.
 */
final class MetricChart {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricChart() {}

    /** True when the points are drawn as means per interval rather than as values. */
    static boolean drawsMeans(List<MetricPoint> points) {
        return points.stream().anyMatch(p -> p.getType() != MetricPointType.METRIC_POINT_TYPE_GAUGE
                && p.getType() != MetricPointType.METRIC_POINT_TYPE_SUM);
    }

    /** The samples to draw, each labelled with its series (service and attributes) and type. */
    static List<SystemMetric> samples(List<MetricPoint> points) {
        Map<String, List<MetricPoint>> series = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            series.computeIfAbsent(label(p) + "|" + p.getType(), k -> new ArrayList<>()).add(p);
        }
        List<SystemMetric> out = new ArrayList<>();
        for (List<MetricPoint> s : series.values()) {
            s.sort(Comparator.comparingLong(MetricPoint::getTimeUnixNano));
            MetricPoint previous = null;
            for (MetricPoint p : s) {
                Double v = value(p, previous);
                previous = p;
                if (v != null) {
                    out.add(SystemMetric.newBuilder().setTimestamp(p.getTimeUnixNano() / 1_000_000).setValue(v)
                            .setUnit(p.getUnit()).setMetricType(MetricPointText.type(p)).setAttributes(label(p))
                            .build());
                }
            }
        }
        return out;
    }

    private static Double value(MetricPoint p, MetricPoint previous) {
        if (p.getType() == MetricPointType.METRIC_POINT_TYPE_GAUGE || p.getType() == MetricPointType.METRIC_POINT_TYPE_SUM) {
            return p.hasIntValue() ? (double) p.getIntValue() : p.getValue();
        }
        double sum = p.getSum();
        long count = p.getCount();
        boolean cumulative = !p.getAggregationTemporality().equals("delta");
        if (cumulative && previous != null && previous.getStartTimeUnixNano() == p.getStartTimeUnixNano()
                && Long.compareUnsigned(previous.getCount(), count) <= 0) {
            sum -= previous.getSum();
            count -= previous.getCount();
        } // else: delta, a series' first point or one after a reset covers [its start, its time] alone
        return count == 0 ? null : sum / count;
    }

    /** The series as a JSON object, service first, for {@link Sparklines#label}. */
    private static String label(MetricPoint p) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", p.getServiceName());
        for (KeyValue kv : p.getAttributesList()) {
            labels.put(kv.getKey(), AttributeText.value(kv.getValue()));
        }
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
