package dev.coral.agent.api.ebpf;

import java.util.Map;

/**
 * gRPC server calls of one service, method and status over one export interval.
 *
 * @param timestampMillis end of the interval, Unix milliseconds
 * @param serviceName the instrumented service
 * @param method the full gRPC method, e.g. {@code /shop.Cart/Get}
 * @param statusCode the gRPC status code (0 OK ... 16 UNAUTHENTICATED)
 * @param latency call durations in the interval
 * @param requestCount calls in the interval
 * @param attributes every other attribute of the series, as strings
 *
 * @since 0.1.0
 */
public record GrpcRed(long timestampMillis, String serviceName, String method, int statusCode,
        LatencyHistogram latency, long requestCount, Map<String, String> attributes) {
    public GrpcRed {
        attributes = Map.copyOf(attributes);
    }
}
