package dev.coral.agent.server.services;

import dev.coral.agent.api.query.AttributeJson;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.server.v1.LogRecord;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * A store's log rows as the wire's {@link LogRecord}, body and attributes typed: the store's JSON
 * is {@link AttributeJson}'s, read back by it. Text a store wrote wrongly (a bug) does not fail the
 * page: it comes as a string ({@code coral.unreadable} for attributes), as {@link StoredSpans} does.
 */
final class LogMessages {
    private LogMessages() {}

    static LogRecord record(LogRow r) {
        LogRecord.Builder b = LogRecord.newBuilder().setSeqId(r.seqId()).setTimeUnixNano(r.timestampUnixNano())
                .setObservedTimeUnixNano(r.observedTimestampUnixNano()).setTraceId(r.traceId())
                .setSpanId(r.spanId()).setFlags(r.traceFlags()).setSeverityText(r.severityText())
                .setSeverityNumber(r.severityNumber()).setServiceName(r.serviceName())
                .addAllAttributes(attributes(r.attributesJson()))
                .addAllResourceAttributes(attributes(r.resourceAttributesJson()))
                .setScopeName(r.scopeName()).setScopeVersion(r.scopeVersion()).setEventName(r.eventName());
        if (!r.bodyType().isEmpty()) {
            b.setBody(body(r.bodyType(), r.body()));
        }
        return b.build();
    }

    /** A string body is the text itself; any other is one value in {@link AttributeJson}'s JSON. */
    static AnyValue body(String type, String text) {
        if (!type.equals("string")) {
            try {
                List<KeyValue> one = AttributeJson.keyValues("{\"body\":" + text + "}");
                if (one.size() == 1) {
                    return one.getFirst().getValue();
                }
            } catch (IllegalArgumentException e) {
                // not JSON (a store's bug): the text as it is, below
            }
        }
        return AnyValue.newBuilder().setStringValue(text).build();
    }

    private static List<KeyValue> attributes(String json) {
        try {
            return AttributeJson.keyValues(json);
        } catch (IllegalArgumentException e) {
            return List.of(KeyValue.newBuilder().setKey("coral.unreadable")
                    .setValue(AnyValue.newBuilder().setStringValue(json)).build());
        }
    }
}
