package dev.coral.agent.server.services;

import dev.coral.agent.api.query.AttributeJson;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.server.v1.SpanEvent;
import dev.coral.agent.server.v1.SpanLink;
import dev.coral.agent.server.v1.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;

/** Store rows as our own {@link StoredSpan}: every stored field, attributes typed (query.proto). */
final class StoredSpans {
    private static final HexFormat HEX = HexFormat.of();

    private StoredSpans() {}

    static StoredSpan of(SpanRow r) {
        StoredSpan.Builder b = StoredSpan.newBuilder()
                .setSeqId(r.seqId())
                .setTraceId(r.traceId())
                .setSpanId(r.spanId())
                .setParentSpanId(r.parentSpanId())
                .setName(r.spanName())
                .setKind(r.spanKind())
                .setStartTimeUnixNano(r.startTimeUnixNano())
                .setEndTimeUnixNano(r.endTimeUnixNano())
                .setDurationMs(r.durationMs())
                .setIsError(r.isError())
                .setStatusCode(r.statusCode().isEmpty() && r.isError() ? "ERROR" : r.statusCode())
                .setStatusMessage(r.statusMessage())
                .setServiceName(r.serviceName())
                .setScopeName(r.scopeName())
                .setScopeVersion(r.scopeVersion())
                .setHttpStatus(r.httpStatus())
                .setHttpMethod(r.httpMethod())
                .setHttpRoute(r.httpRoute())
                .addAllAttributes(attributes(r.attributesJson()))
                .addAllResourceAttributes(attributes(r.resourceAttributesJson()));
        for (Span.Event e : events(r.eventsJson())) {
            b.addEvents(SpanEvent.newBuilder().setName(e.getName()).setTimeUnixNano(e.getTimeUnixNano())
                    .addAllAttributes(e.getAttributesList()));
        }
        for (Span.Link l : links(r.linksJson())) {
            b.addLinks(SpanLink.newBuilder().setTraceId(HEX.formatHex(l.getTraceId().toByteArray()))
                    .setSpanId(HEX.formatHex(l.getSpanId().toByteArray())).addAllAttributes(l.getAttributesList()));
        }
        return b.build();
    }

    /*
     * Text a store wrote wrongly (a bug) must not fail the whole page: it comes as one attribute
     * (of the span, of one event, of one link) carrying the raw text under coral.unreadable.
     */

    private static List<KeyValue> attributes(String json) {
        try {
            return AttributeJson.keyValues(json);
        } catch (IllegalArgumentException e) {
            return unreadable(json);
        }
    }

    private static List<Span.Event> events(String json) {
        try {
            return AttributeJson.events(json);
        } catch (IllegalArgumentException e) {
            return List.of(Span.Event.newBuilder().setName("coral.unreadable").addAllAttributes(unreadable(json)).build());
        }
    }

    private static List<Span.Link> links(String json) {
        try {
            return AttributeJson.links(json);
        } catch (IllegalArgumentException e) {
            return List.of(Span.Link.newBuilder().addAllAttributes(unreadable(json)).build());
        }
    }

    private static List<KeyValue> unreadable(String json) {
        return List.of(KeyValue.newBuilder().setKey("coral.unreadable")
                .setValue(AnyValue.newBuilder().setStringValue(json)).build());
    }
}
