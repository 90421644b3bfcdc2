package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Spans kept by a store. An empty {@code services} means all services. */
public interface SpanQueries {
    /** Colony polling: spans with seq id greater than {@code afterSeqId}, in seq order. */
    Page<SpanRow> spansSince(long afterSeqId, Collection<String> services, int limit);

    /** Spans that started in [from, until), newest first. */
    List<SpanRow> spansBetween(Instant from, Instant until, Collection<String> services, int limit);

    /** Every stored span of one trace (32 hex chars), by start time. */
    List<SpanRow> trace(String traceId);
}
