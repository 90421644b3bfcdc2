package dev.coral.agent.server.services;

import dev.coral.agent.api.query.MetricPointRow;
import dev.coral.agent.api.query.MetricPointType;
import dev.coral.agent.api.query.MetricQueries;
import dev.coral.agent.api.query.Page;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One answer of QueryMetrics over several point types, each a table of its own: the types are
 * read in order, each oldest first, until the limit is reached or a store page says more follows
 * (its byte budget). The page token names the type to resume at and the store's token within it:
 * {@code <type number>:<store token>}.
 */
final class MetricPages {
    /**
     * @param nextPageToken empty when nothing follows
     */
    record Answer(List<MetricPointRow> rows, String nextPageToken) {}

    private MetricPages() {}

    static Answer read(MetricQueries q, List<MetricPointType> types, Instant from, Instant until,
            Collection<String> names, Collection<String> services, int limit, String pageToken) {
        int start = 0;
        String token = "";
        if (!pageToken.isEmpty()) {
            int colon = pageToken.indexOf(':');
            MetricPointType type = colon > 0 ? typeOf(pageToken.substring(0, colon)) : null;
            if (type == null || !types.contains(type)) {
                throw Status.INVALID_ARGUMENT.withDescription("page_token '" + pageToken + "' was not given by this "
                        + "query: pass the next_page_token of the previous page of the same query, or none")
                        .asRuntimeException();
            }
            start = types.indexOf(type);
            token = pageToken.substring(colon + 1);
        }
        List<MetricPointRow> rows = new ArrayList<>();
        for (int i = start; i < types.size(); i++) {
            MetricPointType type = types.get(i);
            int left = limit - rows.size();
            if (left <= 0) {
                // The limit was reached at the end of a type: a token only when a later type has a point.
                return new Answer(rows, nextNonEmpty(q, types, i, from, until, names, services));
            }
            Page<MetricPointRow> page = q.pointsBetween(type, from, until, names, services, left, token);
            rows.addAll(page.rows());
            if (page.hasMore()) {
                return new Answer(rows, tokenOf(type, page.nextPageToken()));
            }
            token = "";
        }
        return new Answer(rows, "");
    }

    private static String nextNonEmpty(MetricQueries q, List<MetricPointType> types, int from, Instant since,
            Instant until, Collection<String> names, Collection<String> services) {
        for (int i = from; i < types.size(); i++) {
            if (!q.pointsBetween(types.get(i), since, until, names, services, 1, "").rows().isEmpty()) {
                return tokenOf(types.get(i), "");
            }
        }
        return "";
    }

    private static String tokenOf(MetricPointType type, String storeToken) {
        return (type.ordinal() + 1) + ":" + storeToken;
    }

    private static MetricPointType typeOf(String number) {
        try {
            int n = Integer.parseInt(number);
            return n >= 1 && n <= MetricPointType.values().length ? MetricPointType.values()[n - 1] : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
