package dev.coral.agent.api.query;

import java.time.Instant;
import java.util.Collection;

/**
 * Log records kept by a store. Pages are bounded as {@link SpanQueries}' are: by the limit and the
 * store's byte budget; an empty {@code pageToken} asks for the first page, a page's
 * {@link Page#nextPageToken} for the one after it.
 *
 * @since 0.1.0
 */
public interface LogQueries {
    /**
     * Colony polling: records with seq id greater than {@code afterSeqId}, in seq order, of
     * {@code services} (empty: all). Seq ids are unsigned: a negative {@code afterSeqId} stands for
     * 2^63 or more, after every stored record (an empty page, {@code maxSeqId} 0).
     */
    Page<LogRow> logsSince(long afterSeqId, Collection<String> services, int limit);

    /** Records whose timestamp is in [from, until) and that match {@code filter}, newest first. */
    Page<LogRow> logsBetween(Instant from, Instant until, LogFilter filter, int limit, String pageToken);
}
