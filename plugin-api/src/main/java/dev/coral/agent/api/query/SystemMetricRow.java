package dev.coral.agent.api.query;

/**
 * One host metric sample.
 *
 * @param name e.g. {@code system.cpu.utilization}
 * @param metricType gauge, counter or delta
 * @param attributesJson the point's attributes as a JSON object
 *
 * @since 0.1.0
 */
public record SystemMetricRow(long seqId, long timestampMillis, String name, double value, String unit,
        String metricType, String attributesJson) {}
