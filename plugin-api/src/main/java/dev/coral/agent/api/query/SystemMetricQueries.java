package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;

/**
 * Host metrics kept by a store. An empty {@code names} means all metrics. Pages are bounded as
 * {@link SpanQueries}' are.
 *
 * @since 0.1.0
 */
public interface SystemMetricQueries {
    /** Samples with seq id greater than {@code afterSeqId} (unsigned: negative is after every row), in seq order. */
    Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit);

    /** Samples taken in [from, until), oldest first. */
    Page<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names, int limit,
            String pageToken);
}
