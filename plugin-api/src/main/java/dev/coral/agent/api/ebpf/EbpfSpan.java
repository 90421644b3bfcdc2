package dev.coral.agent.api.ebpf;

import java.util.Map;

/**
 * A span an eBPF instrumenter traced in a process it observes.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId 16 lowercase hex digits, or empty for a root
 * @param serviceName the instrumented service
 * @param name the span name
 * @param kind {@code SERVER}, {@code CLIENT}, {@code INTERNAL}, {@code PRODUCER} or {@code CONSUMER}
 * @param startMillis start, Unix milliseconds
 * @param durationMicros duration, microseconds
 * @param statusCode the OTLP status code (0 unset, 1 ok, 2 error)
 * @param attributes the span's attributes, as strings
 * @param processPid the pid of the traced process, from the resource's {@code process.pid}, or 0
 *
 * @since 0.1.0
 */
public record EbpfSpan(String traceId, String spanId, String parentSpanId, String serviceName, String name,
        String kind, long startMillis, long durationMicros, int statusCode, Map<String, String> attributes,
        int processPid) {
    public EbpfSpan {
        attributes = Map.copyOf(attributes);
    }
}
