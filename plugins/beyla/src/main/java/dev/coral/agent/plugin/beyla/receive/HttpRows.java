package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import java.util.Map;

/**
 * HTTP server rows from Beyla's attributes: method, route and status code under the current
 * semantic-convention keys ({@code http.request.method}, {@code http.response.status_code}) or
 * the old ones ({@code http.method}, {@code http.status_code}); the route from {@code http.route},
 * else the path ({@code url.path}, old {@code http.target} without its query).
 */
final class HttpRows {
    private HttpRows() {}

    /** @param attributes the point's attributes, a copy this takes the mapped keys out of */
    static HttpRed of(String service, long timestampMillis, LatencyHistogram latency, long count,
            Map<String, String> attributes) {
        String method = AttributeValues.take(attributes, "http.request.method", "http.method");
        int status = (int) AttributeValues.integer(
                AttributeValues.take(attributes, "http.response.status_code", "http.status_code")).orElse(0);
        String route = AttributeValues.take(attributes, "http.route");
        if (route.isEmpty()) {
            route = withoutQuery(AttributeValues.take(attributes, "url.path", "http.target"));
        }
        return new HttpRed(timestampMillis, service, method, route, status, latency, count, attributes);
    }

    private static String withoutQuery(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}
