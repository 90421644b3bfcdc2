package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import java.util.List;
import java.util.function.ToLongFunction;

/** A page of the plugin-api from what {@link OrderedRows} read. */
final class Pages {
    private Pages() {}

    /**
     * The answer to a seq poll after an unsigned id of 2^63 or more (a negative long here): no
     * stored id is that high. Compared as signed in SQL it would come before every row.
     */
    static <R> Page<R> afterEveryRow(String sessionId) {
        return new Page<>(List.of(), 0, sessionId);
    }

    static <R> Page<R> of(OrderedRows.Result<R> r, OrderedRows.Order order, ToLongFunction<R> seqId, String sessionId) {
        long max = r.rows().stream().mapToLong(seqId).max().orElse(0);
        return new Page<>(r.rows(), max, sessionId, r.next() == null ? "" : order.token(r.next()));
    }
}
