package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Host metrics kept by a store. An empty {@code names} means all metrics. */
public interface SystemMetricQueries {
    Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit);

    /** Samples taken in [from, until), oldest first. */
    List<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names, int limit);
}
