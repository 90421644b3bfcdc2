package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.query.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP spans as the store rows the query interfaces return: just enough mapping for API tests. */
final class SpanRows {
    private static final HexFormat HEX = HexFormat.of();

    private SpanRows() {}

    static List<SpanRow> of(ExportTraceServiceRequest request) {
        List<SpanRow> out = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = text(rs.getResource().getAttributesList(), "service.name", "unknown_service");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    out.add(row(service, ss.getScope().getName(), s));
                }
            }
        }
        return out;
    }

    static SpanRow withSeq(SpanRow r, long seq) {
        return r.toBuilder().seqId(seq).build();
    }

    private static SpanRow row(String service, String scope, Span s) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (KeyValue kv : s.getAttributesList()) {
            attrs.put(kv.getKey(), text(kv.getValue()));
        }
        return SpanRow.builder().timestampMillis(s.getStartTimeUnixNano() / 1_000_000)
                .traceId(HEX.formatHex(s.getTraceId().toByteArray())).spanId(HEX.formatHex(s.getSpanId().toByteArray()))
                .parentSpanId(HEX.formatHex(s.getParentSpanId().toByteArray())).serviceName(service)
                .spanName(s.getName()).spanKind(s.getKind().name().replace("SPAN_KIND_", ""))
                .durationMs((s.getEndTimeUnixNano() - s.getStartTimeUnixNano()) / 1e6)
                .isError(s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR)
                .statusMessage(s.getStatus().getMessage())
                .httpStatus(Integer.parseInt(attrs.getOrDefault("http.response.status_code", "0")))
                .httpMethod(attrs.getOrDefault("http.request.method", ""))
                .httpRoute(attrs.getOrDefault("http.route", ""))
                .attributes(attrs).startTimeUnixNano(s.getStartTimeUnixNano()).endTimeUnixNano(s.getEndTimeUnixNano())
                .scopeName(scope).build();
    }

    private static String text(List<KeyValue> attributes, String key, String otherwise) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(kv -> text(kv.getValue())).findFirst()
                .orElse(otherwise);
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> v.getStringValue();
        };
    }
}
