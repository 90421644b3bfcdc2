package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;

/**
 * Appends host metrics ({@code system.*} names, as the sysmetrics receiver and the Collector's
 * hostmetrics send them) to {@code system_metrics_local}, one row per data point. The OTLP
 * type decides {@code metric_type}: Gauge is "gauge", a cumulative Sum "counter", a delta Sum
 * "delta". Every other metric point goes to the {@code otel_metrics_*_local} tables
 * ({@link MetricPointConverter}); Beyla's RED metrics reach the beyla tables as the {@code ebpf}
 * signal, mapped by its receiver.
 */
final class MetricAppender {
    private final Json json;

    MetricAppender() {
        this(ValueLimits.NONE);
    }

    MetricAppender(ValueLimits limits) {
        this.json = new Json(limits);
    }

    /** Appends the request's system metrics' points from {@code nextSeq}; returns how many. */
    int append(DuckDBAppender a, ExportMetricsServiceRequest request, long nextSeq, long createdMicros)
            throws SQLException {
        int n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (!isSystem(m)) {
                        continue;
                    }
                    String type = type(m);
                    for (NumberDataPoint p : points(m)) {
                        a.beginRow();
                        a.append(nextSeq + n);
                        a.appendEpochMicros(p.getTimeUnixNano() / 1000);
                        a.append(m.getName());
                        a.append(p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (double) p.getAsInt()
                                : p.getAsDouble());
                        a.append(m.getUnit());
                        a.append(type);
                        a.append(json.object(p.getAttributesList()));
                        a.appendEpochMicros(createdMicros);
                        a.endRow();
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** A host metric, kept in {@code system_metrics_local} (the colony's QuerySystemMetrics reads it). */
    static boolean isSystem(Metric m) {
        return m.getName().startsWith("system.") && (m.hasGauge() || m.hasSum());
    }

    private static List<NumberDataPoint> points(Metric m) {
        return m.hasGauge() ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList();
    }

    private static String type(Metric m) {
        if (m.hasGauge()) {
            return "gauge";
        }
        return m.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                ? "delta" : "counter";
    }
}
