package dev.coral.agent.api.query;

import java.util.List;

/**
 * One page of a query's rows, in the query's order. A store bounds a page by the caller's row
 * limit and by a byte budget of its own (the duckdb store's {@code query.page-bytes}), so that a
 * query over huge rows never holds more than about that much in memory; a single row larger than
 * the budget comes alone, so a page that says more rows follow is never empty.
 *
 * @param rows at most the requested limit; fewer when the byte budget ended the page first
 * @param maxSeqId the highest seq id in {@code rows}, 0 if none (in seq order: the last row's, where
 *     the next seq-id poll starts)
 * @param sessionId the database's session id
 * @param nextPageToken empty when no more rows match; otherwise where the next page of the same
 *     query starts (time-range and trace queries take it back as their {@code pageToken}; seq-id
 *     polling simply continues after {@code maxSeqId})
 *
 * @since 0.1.0
 */
public record Page<T>(List<T> rows, long maxSeqId, String sessionId, String nextPageToken) {
    public Page {
        rows = List.copyOf(rows);
        nextPageToken = nextPageToken == null ? "" : nextPageToken;
        if (rows.isEmpty() && !nextPageToken.isEmpty()) {
            throw new IllegalArgumentException("an empty page cannot say that more rows follow: a poller would loop");
        }
    }

    /** A last page: nothing follows it. */
    public Page(List<T> rows, long maxSeqId, String sessionId) {
        this(rows, maxSeqId, sessionId, "");
    }

    /** True when more rows match than this page holds (the limit or the byte budget ended it). */
    public boolean hasMore() {
        return !nextPageToken.isEmpty();
    }
}
