package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import java.util.function.ToLongFunction;

/** A page of the plugin-api from what {@link OrderedRows} read. */
final class Pages {
    private Pages() {}

    static <R> Page<R> of(OrderedRows.Result<R> r, OrderedRows.Order order, ToLongFunction<R> seqId, String sessionId) {
        long max = r.rows().stream().mapToLong(seqId).max().orElse(0);
        return new Page<>(r.rows(), max, sessionId, r.next() == null ? "" : order.token(r.next()));
    }
}
