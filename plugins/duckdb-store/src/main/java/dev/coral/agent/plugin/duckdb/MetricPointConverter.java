package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the application metrics of an OTLP request into {@link MetricPoints}: every point of every
 * metric that is not a {@code system.*} gauge or sum ({@link MetricAppender#isSystem} keeps those
 * in {@code system_metrics_local}), so nothing accepted is thrown away. Service as for spans: the
 * resource's {@code service.name}, else {@code unknown_service}. Not thread-safe (a reused JSON
 * buffer): one converter per call.
 */
final class MetricPointConverter {
    private static final HexFormat HEX = HexFormat.of();
    private final Json json;
    private final ValueLimits limits;

    MetricPointConverter(ValueLimits limits) {
        this.limits = limits;
        this.json = new Json(limits);
    }

    MetricPoints convert(ExportMetricsServiceRequest request, long createdMicros) {
        MetricPoints out = new MetricPoints(createdMicros);
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            List<KeyValue> resource = rm.getResource().getAttributesList();
            String service = limits.text(SpanConverter.stringAttribute(resource, "service.name", "unknown_service"));
            String resourceJson = null; // made once, when the resource has a point to keep
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                String scope = limits.text(sm.getScope().getName());
                String scopeVersion = limits.text(sm.getScope().getVersion());
                for (Metric m : sm.getMetricsList()) {
                    if (MetricAppender.isSystem(m)) {
                        continue;
                    }
                    if (m.getDataCase() == Metric.DataCase.DATA_NOT_SET) {
                        out.unkeptMetrics++;
                        continue;
                    }
                    if (resourceJson == null) {
                        resourceJson = json.object(resource);
                    }
                    add(out, m, new MetricPoints.Series(service, resourceJson, scope, scopeVersion,
                            limits.text(m.getName()), limits.text(m.getDescription()), limits.text(m.getUnit()),
                            temporality(m), m.hasSum() && m.getSum().getIsMonotonic()));
                }
            }
        }
        return out;
    }

    private void add(MetricPoints out, Metric m, MetricPoints.Series s) {
        switch (m.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    out.gauges.add(new MetricPoints.Row<>(s, json.object(p.getAttributesList()),
                            exemplars(p.getExemplarsList()), p));
                }
            }
            case SUM -> {
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    out.sums.add(new MetricPoints.Row<>(s, json.object(p.getAttributesList()),
                            exemplars(p.getExemplarsList()), p));
                }
            }
            case HISTOGRAM -> {
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    out.histograms.add(new MetricPoints.Row<>(s, json.object(p.getAttributesList()),
                            exemplars(p.getExemplarsList()), p));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
                    out.exponentialHistograms.add(new MetricPoints.Row<>(s, json.object(p.getAttributesList()),
                            exemplars(p.getExemplarsList()), p));
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    out.summaries.add(new MetricPoints.Row<>(s, json.object(p.getAttributesList()), "[]", p));
                }
            }
            default -> out.unkeptMetrics++;
        }
    }

    /** {@code [{"time_unix_nano","value","trace_id","span_id","filtered_attributes"}]}; ids as lower-case hex. */
    private String exemplars(List<Exemplar> exemplars) {
        if (exemplars.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = json.builder();
        sb.append('[');
        for (int i = 0; i < exemplars.size(); i++) {
            Exemplar e = exemplars.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"time_unix_nano\":").append(Long.toUnsignedString(e.getTimeUnixNano())).append(",\"value\":");
            // As attribute values are written: an integer, a double with a fraction, NaN as a marker.
            json.appendValue(e.getValueCase() == Exemplar.ValueCase.AS_INT
                    ? AnyValue.newBuilder().setIntValue(e.getAsInt()).build()
                    : AnyValue.newBuilder().setDoubleValue(e.getAsDouble()).build());
            sb.append(",\"trace_id\":\"").append(HEX.formatHex(e.getTraceId().toByteArray()))
                    .append("\",\"span_id\":\"").append(HEX.formatHex(e.getSpanId().toByteArray()))
                    .append("\",\"filtered_attributes\":");
            json.appendObject(e.getFilteredAttributesList());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /** A sum's or histogram's temporality as stored; empty for the types that have none. */
    static String temporality(Metric m) {
        AggregationTemporality t = switch (m.getDataCase()) {
            case SUM -> m.getSum().getAggregationTemporality();
            case HISTOGRAM -> m.getHistogram().getAggregationTemporality();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getAggregationTemporality();
            default -> null;
        };
        if (t == null) {
            return "";
        }
        return switch (t) {
            case AGGREGATION_TEMPORALITY_CUMULATIVE -> "cumulative";
            case AGGREGATION_TEMPORALITY_DELTA -> "delta";
            default -> "unspecified";
        };
    }
}
