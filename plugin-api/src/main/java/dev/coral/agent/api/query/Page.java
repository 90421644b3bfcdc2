package dev.coral.agent.api.query;

import java.util.List;

/**
 * Rows after a seq id, in seq order.
 *
 * @param rows at most the requested limit
 * @param maxSeqId the highest seq id in {@code rows}, 0 if none
 * @param sessionId the database's session id
 */
public record Page<T>(List<T> rows, long maxSeqId, String sessionId) {
    public Page {
        rows = List.copyOf(rows);
    }
}
