package dev.coral.agent.server.services;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.server.v1.LogRecord;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.Base64;

/** A store's log rows as the wire's {@link LogRecord}, body and attributes typed. */
final class LogMessages {
    private LogMessages() {}

    static LogRecord record(LogRow r) {
        LogRecord.Builder b = LogRecord.newBuilder().setSeqId(r.seqId()).setTimeUnixNano(r.timestampUnixNano())
                .setObservedTimeUnixNano(r.observedTimestampUnixNano()).setTraceId(r.traceId())
                .setSpanId(r.spanId()).setFlags(r.traceFlags()).setSeverityText(r.severityText())
                .setSeverityNumber(r.severityNumber()).setServiceName(r.serviceName())
                .addAllAttributes(JsonAnyValues.attributes(r.attributesJson()))
                .addAllResourceAttributes(JsonAnyValues.attributes(r.resourceAttributesJson()))
                .setScopeName(r.scopeName()).setScopeVersion(r.scopeVersion()).setEventName(r.eventName());
        if (!r.bodyType().isEmpty()) {
            b.setBody(body(r.bodyType(), r.body()));
        }
        return b.build();
    }

    /** The body by the type the store recorded: a string is the text itself, the others are JSON. */
    static AnyValue body(String type, String text) {
        return switch (type) {
            case "string" -> AnyValue.newBuilder().setStringValue(text).build();
            case "bytes" -> bytes(text);
            case "double" -> doubleValue(text);
            default -> JsonAnyValues.value(text);
        };
    }

    /** Bytes were stored as a base64 JSON string. */
    private static AnyValue bytes(String json) {
        AnyValue v = JsonAnyValues.value(json);
        try {
            return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(Base64.getDecoder()
                    .decode(v.getStringValue()))).build();
        } catch (IllegalArgumentException e) {
            return v; // not base64 (a truncated value): the text as stored
        }
    }

    /** A double, also one stored whole ({@code 2.0} parses as such) or as "NaN"/"Infinity" text. */
    private static AnyValue doubleValue(String json) {
        AnyValue v = JsonAnyValues.value(json);
        return switch (v.getValueCase()) {
            case INT_VALUE -> AnyValue.newBuilder().setDoubleValue(v.getIntValue()).build();
            case STRING_VALUE -> {
                try {
                    yield AnyValue.newBuilder().setDoubleValue(Double.parseDouble(v.getStringValue())).build();
                } catch (NumberFormatException e) {
                    yield v;
                }
            }
            default -> v;
        };
    }
}
