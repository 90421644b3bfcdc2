package dev.coral.agent.support.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * Counts data points, per metric rather than per point. Metrics are passed on as they came:
 * like the Collector, the receiver has no rule that makes a point unusable.
 */
final class MetricInspector implements Inspector<ExportMetricsServiceRequest> {
    @Override
    public Inspection<ExportMetricsServiceRequest> inspect(ExportMetricsServiceRequest request) {
        long points = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    points += points(m);
                }
            }
        }
        return Inspection.clean(request, points);
    }

    static int points(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }
}
