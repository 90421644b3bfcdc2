package dev.coral.agent.api.ebpf;

import java.util.Map;

/**
 * HTTP server requests of one service, method, route and status over one export interval.
 *
 * @param timestampMillis end of the interval, Unix milliseconds
 * @param serviceName the instrumented service
 * @param method the HTTP method
 * @param route the route (template), or the path when no route is known
 * @param statusCode the HTTP status code (the real code, e.g. 200 or 503)
 * @param latency request durations in the interval
 * @param requestCount requests in the interval
 * @param attributes every other attribute of the series, as strings
 *
 * @since 0.1.0
 */
public record HttpRed(long timestampMillis, String serviceName, String method, String route, int statusCode,
        LatencyHistogram latency, long requestCount, Map<String, String> attributes) {
    public HttpRed {
        attributes = Map.copyOf(attributes);
    }
}
