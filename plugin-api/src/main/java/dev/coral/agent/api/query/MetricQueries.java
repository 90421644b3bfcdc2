package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;

/**
 * The OTLP metric points kept by a store, one kind of point ({@link MetricPointType}) per call:
 * each kind has its own dense seq ids. An empty {@code names} or {@code services} means all.
 * Pages are bounded as {@link SpanQueries}' are; seq ids are unsigned (a negative {@code
 * afterSeqId} stands for 2^63 or more, after every stored point: an empty page).
 *
 * @since 0.1.0
 */
public interface MetricQueries {
    /** Polling: points of {@code type} with seq id greater than {@code afterSeqId}, in seq order. */
    Page<MetricPointRow> pointsSince(MetricPointType type, long afterSeqId, Collection<String> names,
            Collection<String> services, int limit);

    /** Points of {@code type} whose time is in [from, until), oldest first. */
    Page<MetricPointRow> pointsBetween(MetricPointType type, Instant from, Instant until, Collection<String> names,
            Collection<String> services, int limit, String pageToken);
}
