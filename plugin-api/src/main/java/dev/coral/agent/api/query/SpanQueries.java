package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Spans kept by a store. An empty {@code services} means all services. Every page is bounded by
 * its limit and by the store's byte budget ({@link Page}); an empty {@code pageToken} asks for
 * the first page, a page's {@link Page#nextPageToken} for the one after it.
 *
 * @since 0.1.0
 */
public interface SpanQueries {
    /**
     * Colony polling: spans with seq id greater than {@code afterSeqId}, in seq order. Seq ids are
     * unsigned 64-bit numbers (uint64 on the wire): a negative {@code afterSeqId} stands for 2^63 or
     * more, which is after every stored span (an empty page, {@code maxSeqId} 0).
     */
    Page<SpanRow> spansSince(long afterSeqId, Collection<String> services, int limit);

    /** Spans that started in [from, until), newest first. */
    Page<SpanRow> spansBetween(Instant from, Instant until, Collection<String> services, int limit, String pageToken);

    /** The stored spans of one trace (32 hex chars), by start time. */
    Page<SpanRow> trace(String traceId, Collection<String> services, int limit, String pageToken);

    /**
     * The services with spans that started in [from, until), each with the start of its latest
     * span (Unix ms): what a service list needs, without reading the spans themselves.
     */
    Map<String, Long> servicesBetween(Instant from, Instant until);
}
