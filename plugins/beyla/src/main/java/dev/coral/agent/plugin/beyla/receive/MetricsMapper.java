package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.plugin.beyla.receive.MappingCounters.Unmapped;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Beyla's RED histograms ({@link RedKind}) to HTTP, gRPC and SQL rows: latency in milliseconds
 * with the +Inf bucket kept, the point's count as the request count, the service from the
 * resource's {@code service.name}. Delta points become rows as they are; cumulative ones through
 * {@link CumulativeDeltas}. Rows with no request in their interval are not made. Every other
 * metric is counted and dropped.
 */
final class MetricsMapper {
    private static final String SERVICE_NAME = "service.name";

    private final CumulativeDeltas deltas;
    private final MappingCounters counters;
    private final MillisBounds bounds = new MillisBounds();

    /**
     * @param startedNanos when the receiver started, Unix nanoseconds: cumulative series that
     *     started later are new, and their first point is taken whole
     */
    MetricsMapper(int maxSeries, long startedNanos, MappingCounters counters) {
        this.deltas = new CumulativeDeltas(maxSeries, startedNanos, counters.evicted());
        this.counters = counters;
    }

    /** The rows of {@code request}, and how to take back its cumulative state should they be refused. */
    Mapped map(ExportMetricsServiceRequest request) {
        EbpfRows rows = new EbpfRows();
        CumulativeDeltas.Changes changes = new CumulativeDeltas.Changes();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            // Immutable once here, so each point's series key shares it instead of copying it.
            Map<String, String> resource = Map.copyOf(AttributeValues.strings(rm.getResource().getAttributesList()));
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric metric : sm.getMetricsList()) {
                    map(metric, resource, rows, changes);
                }
            }
        }
        return changes.isEmpty() ? Mapped.of(rows.batch()) : new Mapped(rows.batch(), () -> deltas.undo(changes));
    }

    /** Cumulative series whose last point is kept. */
    int series() {
        return deltas.size();
    }

    private void map(Metric metric, Map<String, String> resource, EbpfRows rows, CumulativeDeltas.Changes changes) {
        Optional<RedKind> kind = RedKind.of(metric.getName());
        if (kind.isEmpty()) {
            counters.unmapped(Unmapped.OTHER_METRIC, points(metric));
            return;
        }
        if (!metric.hasHistogram()) {
            counters.unmapped(Unmapped.NOT_EXPLICIT_HISTOGRAM, points(metric));
            return;
        }
        Histogram histogram = metric.getHistogram();
        Optional<LatencyUnit> unit = LatencyUnit.of(metric.getUnit());
        AggregationTemporality temporality = histogram.getAggregationTemporality();
        boolean cumulative = temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        if (unit.isEmpty() || !(cumulative || temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)) {
            counters.unmapped(Unmapped.INVALID, histogram.getDataPointsCount());
            return;
        }
        for (HistogramDataPoint p : histogram.getDataPointsList()) {
            if ((p.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
                continue;
            }
            Optional<HistogramPoint> point = point(p, unit.get(), bounds);
            if (point.isEmpty()) {
                counters.unmapped(Unmapped.INVALID, 1);
                continue;
            }
            Map<String, String> attributes = AttributeValues.strings(p.getAttributesList());
            Optional<HistogramPoint> emit = cumulative
                    ? delta(new SeriesKey(metric.getName(), resource, attributes), point.get(), changes)
                    : point;
            emit.filter(e -> e.count() > 0).ifPresent(e -> add(kind.get(), e, resource, attributes, rows));
        }
    }

    private Optional<HistogramPoint> delta(SeriesKey key, HistogramPoint point, CumulativeDeltas.Changes changes) {
        return switch (deltas.next(key, point, changes)) {
            case CumulativeDeltas.Emit(HistogramPoint delta, boolean restarted) -> {
                if (restarted) {
                    counters.restarted();
                }
                yield Optional.of(delta);
            }
            case CumulativeDeltas.Primed() -> {
                counters.primed();
                yield Optional.empty();
            }
            case CumulativeDeltas.Stale() -> {
                counters.stale();
                yield Optional.empty();
            }
            case CumulativeDeltas.Unchanged() -> Optional.empty();
        };
    }

    private static void add(RedKind kind, HistogramPoint p, Map<String, String> resource, Map<String, String> attributes,
            EbpfRows rows) {
        Map<String, String> columns = new HashMap<>(attributes);
        String pointService = columns.remove(SERVICE_NAME);
        String service = resource.getOrDefault(SERVICE_NAME, pointService == null ? "" : pointService);
        rows.add(kind, service.isEmpty() ? "unknown_service" : service, p.timeNanos() / 1_000_000,
                new LatencyHistogram(p.boundsMs(), p.counts()), p.count(), columns);
    }

    /**
     * The point in milliseconds; empty when its bucket counts do not match its bounds. A point
     * without buckets has all its count in one +Inf bucket.
     */
    static Optional<HistogramPoint> point(HistogramDataPoint p, LatencyUnit unit, MillisBounds bounds) {
        int buckets = p.getBucketCountsCount();
        if (buckets == 0) {
            return Optional.of(new HistogramPoint(p.getStartTimeUnixNano(), p.getTimeUnixNano(), new double[0],
                    new long[] {p.getCount()}, p.getCount()));
        }
        if (buckets != p.getExplicitBoundsCount() + 1) {
            return Optional.empty();
        }
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            counts[i] = p.getBucketCounts(i);
        }
        return Optional.of(new HistogramPoint(p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                bounds.of(unit, p.getExplicitBoundsList()), counts, p.getCount()));
    }

    private static long points(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            default -> 0;
        };
    }
}
