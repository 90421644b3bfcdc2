package dev.coral.agent.api.query;

import java.util.Map;

/**
 * One stored span: the colony's TelemetrySpan fields and the debugging extras.
 *
 * @param seqId dense per-table sequence
 * @param timestampMillis span start, Unix ms
 * @param traceId 32 hex chars
 * @param spanId 16 hex chars
 * @param parentSpanId 16 hex chars or empty
 * @param spanKind SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER (or UNSPECIFIED)
 * @param httpStatus 0 when absent
 * @param attributes span attributes as strings
 * @param resourceAttributesJson the resource's attributes as a JSON object
 * @param eventsJson span events as a JSON array
 * @param linksJson span links as a JSON array
 *
 * @since 0.1.0
 */
public record SpanRow(long seqId, long timestampMillis, String traceId, String spanId, String parentSpanId,
        String serviceName, String spanName, String spanKind, double durationMs, boolean isError, String statusMessage,
        int httpStatus, String httpMethod, String httpRoute, Map<String, String> attributes, long startTimeUnixNano,
        long endTimeUnixNano, String scopeName, String resourceAttributesJson, String eventsJson, String linksJson) {
    public SpanRow {
        attributes = Map.copyOf(attributes);
    }
}
