package dev.coral.agent.api.ebpf;

import java.util.Map;

/**
 * SQL client queries of one service, operation and table over one export interval.
 *
 * @param timestampMillis end of the interval, Unix milliseconds
 * @param serviceName the instrumented service
 * @param operation the SQL operation, e.g. {@code SELECT}
 * @param table the table, or empty
 * @param latency query durations in the interval
 * @param queryCount queries in the interval
 * @param attributes every other attribute of the series, as strings
 *
 * @since 0.1.0
 */
public record SqlRed(long timestampMillis, String serviceName, String operation, String table,
        LatencyHistogram latency, long queryCount, Map<String, String> attributes) {
    public SqlRed {
        attributes = Map.copyOf(attributes);
    }
}
