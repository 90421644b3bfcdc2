package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns OTLP spans into {@code otel_spans_local} rows ({@link SpanRows}): one row per span.
 * {@code http_*} columns take the current semantic-convention names first and the old ones as
 * fallback. Not thread-safe (a reused JSON buffer): one converter per call or thread.
 */
final class SpanConverter {
    private static final HexFormat HEX = HexFormat.of();
    private final Json json;
    private final ValueLimits limits;

    SpanConverter() {
        this(ValueLimits.NONE);
    }

    SpanConverter(ValueLimits limits) {
        this.limits = limits;
        this.json = new Json(limits);
    }

    /** Every span of the request, in order; {@code createdMicros} goes to every row's created_at. */
    SpanRows convert(ExportTraceServiceRequest request, long createdMicros) {
        SpanRows rows = new SpanRows(count(request), createdMicros);
        int n = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            List<KeyValue> resource = rs.getResource().getAttributesList();
            String service = limits.text(stringAttribute(resource, "service.name", "unknown_service"));
            String resourceJson = json.object(resource);
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                String scope = limits.text(ss.getScope().getName());
                String scopeVersion = limits.text(ss.getScope().getVersion());
                for (Span span : ss.getSpansList()) {
                    rows.scopeVersion[n] = scopeVersion;
                    convert(span, rows, n++, service, scope, resourceJson);
                }
            }
        }
        return rows;
    }

    private static int count(ExportTraceServiceRequest request) {
        int n = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    private void convert(Span span, SpanRows r, int i, String service, String scope, String resourceJson) {
        List<KeyValue> attrs = span.getAttributesList();
        long start = clampedNanos(span.getStartTimeUnixNano());
        long end = clampedNanos(span.getEndTimeUnixNano());
        r.timestampMicros[i] = start / 1000;
        r.traceId[i] = HEX.formatHex(span.getTraceId().toByteArray());
        r.spanId[i] = HEX.formatHex(span.getSpanId().toByteArray());
        r.parentSpanId[i] = HEX.formatHex(span.getParentSpanId().toByteArray());
        r.service[i] = service;
        r.name[i] = limits.text(span.getName());
        r.kind[i] = kind(span.getKind());
        r.durationMs[i] = durationMs(span.getStartTimeUnixNano(), span.getEndTimeUnixNano());
        r.error[i] = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        r.statusMessage[i] = limits.text(span.getStatus().getMessage());
        r.statusCode[i] = statusCode(span.getStatus().getCode());
        r.httpStatus[i] = (int) longAttribute(attrs, "http.response.status_code", "http.status_code");
        r.httpMethod[i] = limits.text(stringAttribute(attrs, "http.request.method", stringAttribute(attrs, "http.method", "")));
        r.httpRoute[i] = limits.text(stringAttribute(attrs, "http.route", ""));
        r.attributes[i] = json.object(attrs);
        r.startNanos[i] = start;
        r.endNanos[i] = end;
        r.scope[i] = scope;
        r.resource[i] = resourceJson;
        r.events[i] = events(span);
        r.links[i] = links(span);
    }

    private String events(Span span) {
        if (span.getEventsCount() == 0) {
            return "[]";
        }
        StringBuilder sb = json.builder();
        sb.append('[');
        for (int i = 0; i < span.getEventsCount(); i++) {
            Span.Event e = span.getEvents(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":");
            json.appendString(e.getName());
            sb.append(",\"time_unix_nano\":").append(Long.toUnsignedString(e.getTimeUnixNano()))
                    .append(",\"attributes\":");
            json.appendObject(e.getAttributesList());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private String links(Span span) {
        if (span.getLinksCount() == 0) {
            return "[]";
        }
        StringBuilder sb = json.builder();
        sb.append('[');
        for (int i = 0; i < span.getLinksCount(); i++) {
            Span.Link l = span.getLinks(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"trace_id\":\"").append(HEX.formatHex(l.getTraceId().toByteArray()))
                    .append("\",\"span_id\":\"").append(HEX.formatHex(l.getSpanId().toByteArray()))
                    .append("\",\"attributes\":");
            json.appendObject(l.getAttributesList());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /**
     * OTLP times are unsigned (fixed64); Java reads those past 2^63 ns (year 2262) as negative.
     * The row keeps signed nanoseconds (BIGINT columns), so such a time becomes the latest one
     * they can say, Long.MAX_VALUE ns (2262-04-11T23:47:16.854775807Z), in every time column
     * alike, rather than a date before 1970 or a rejected batch.
     */
    static long clampedNanos(long unsignedNanos) {
        return unsignedNanos < 0 ? Long.MAX_VALUE : unsignedNanos;
    }

    /** From the unsigned times themselves, so that clamping keeps a span's real length. */
    static double durationMs(long unsignedStart, long unsignedEnd) {
        if (Long.compareUnsigned(unsignedEnd, unsignedStart) <= 0) {
            return 0.0;
        }
        long nanos = unsignedEnd - unsignedStart;
        double exact = nanos >= 0 ? nanos : (nanos >>> 1) * 2.0 + (nanos & 1);
        return exact / 1_000_000.0;
    }

    static String statusCode(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "OK";
            case STATUS_CODE_ERROR -> "ERROR";
            default -> "UNSET";
        };
    }

    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_INTERNAL -> "INTERNAL";
            case SPAN_KIND_PRODUCER -> "PRODUCER";
            case SPAN_KIND_CONSUMER -> "CONSUMER";
            default -> "UNSPECIFIED";
        };
    }

    static String stringAttribute(List<KeyValue> attrs, String key, String def) {
        for (KeyValue kv : attrs) {
            if (kv.getKey().equals(key)) {
                return Json.plain(kv.getValue());
            }
        }
        return def;
    }

    private static long longAttribute(List<KeyValue> attrs, String key, String fallbackKey) {
        long fallback = 0;
        for (KeyValue kv : attrs) {
            if (kv.getKey().equals(key)) {
                return asLong(kv.getValue());
            }
            if (kv.getKey().equals(fallbackKey)) {
                fallback = asLong(kv.getValue());
            }
        }
        return fallback;
    }

    private static long asLong(AnyValue v) {
        return switch (v.getValueCase()) {
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> (long) v.getDoubleValue();
            case STRING_VALUE -> {
                try {
                    yield Long.parseLong(v.getStringValue().trim());
                } catch (NumberFormatException e) {
                    yield 0;
                }
            }
            default -> 0;
        };
    }
}
