package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns OTLP log records into {@code otel_logs_local} rows ({@link LogRows}): one row per record,
 * none left out (the receiver counted them all as accepted). The body keeps its type in
 * {@code body_type}: a string body is stored as it is (so {@code LIKE} and {@code contains} read
 * it directly), any other value as JSON ({@link Json}, plugin-api's AttributeJson), which DuckDB's JSON
 * functions read once cast ({@code body::JSON}). Values are cut as spans' are ({@link ValueLimits}).
 * Not thread-safe (a reused JSON buffer): one converter per call or thread.
 */
final class LogConverter {
    private static final HexFormat HEX = HexFormat.of();
    private final Json json;
    private final ValueLimits limits;

    LogConverter(ValueLimits limits) {
        this.limits = limits;
        this.json = new Json(limits);
    }

    /** Every record of the request, in order; {@code createdMicros} goes to every row's created_at. */
    LogRows convert(ExportLogsServiceRequest request, long createdMicros) {
        LogRows rows = new LogRows(count(request), createdMicros);
        int n = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            List<KeyValue> resource = rl.getResource().getAttributesList();
            String service = limits.text(SpanConverter.stringAttribute(resource, "service.name", "unknown_service"));
            String resourceJson = json.object(resource);
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                String scopeName = limits.text(sl.getScope().getName());
                String scopeVersion = limits.text(sl.getScope().getVersion());
                for (LogRecord record : sl.getLogRecordsList()) {
                    rows.service[n] = service;
                    rows.resource[n] = resourceJson;
                    rows.scopeName[n] = scopeName;
                    rows.scopeVersion[n] = scopeVersion;
                    convert(record, rows, n++);
                }
            }
        }
        return rows;
    }

    private static int count(ExportLogsServiceRequest request) {
        int n = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                n += sl.getLogRecordsCount();
            }
        }
        return n;
    }

    private void convert(LogRecord record, LogRows r, int i) {
        long time = SpanConverter.clampedNanos(record.getTimeUnixNano());
        long observed = SpanConverter.clampedNanos(record.getObservedTimeUnixNano());
        r.timeNanos[i] = time;
        r.observedNanos[i] = observed;
        // The data model: a record without a time is placed at its observed time; without either, at arrival.
        r.timestampMicros[i] = time != 0 ? time / 1000 : observed != 0 ? observed / 1000 : r.createdMicros;
        r.traceId[i] = hexId(record.getTraceId());
        r.spanId[i] = hexId(record.getSpanId());
        r.flags[i] = record.getFlags();
        r.severityText[i] = limits.text(record.getSeverityText());
        r.severityNumber[i] = record.getSeverityNumberValue();
        r.attributes[i] = json.object(record.getAttributesList());
        r.eventName[i] = limits.text(record.getEventName());
        AnyValue body = record.getBody();
        r.bodyType[i] = bodyType(body);
        r.body[i] = body(body);
    }

    /** Lower-case hex; empty when absent or all zeros (OTLP's "no trace", which some SDKs send). */
    private static String hexId(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return HEX.formatHex(id.toByteArray());
            }
        }
        return "";
    }

    /** The body as text: a string as it is, anything else as JSON, bounded like an attribute list. */
    private String body(AnyValue body) {
        return switch (body.getValueCase()) {
            case STRING_VALUE -> limits.text(body.getStringValue());
            case VALUE_NOT_SET -> "";
            default -> {
                StringBuilder sb = json.builder();
                json.appendValue(body);
                if (sb.length() <= limits.maxAttributesLength()) {
                    yield sb.toString();
                }
                // Cutting JSON would not parse: past the bound the structure is replaced by a note.
                limits.truncated().increment();
                yield "{\"coral.truncated\":\"body of " + sb.length() + " chars, above max-attributes-length ("
                        + limits.maxAttributesLength() + ")\"}";
            }
        };
    }

    /** The OTLP type of a body, as {@code body_type} names it; empty without a body. */
    static String bodyType(AnyValue body) {
        return switch (body.getValueCase()) {
            case STRING_VALUE -> "string";
            case BOOL_VALUE -> "bool";
            case INT_VALUE -> "int";
            case DOUBLE_VALUE -> "double";
            case BYTES_VALUE -> "bytes";
            case ARRAY_VALUE -> "array";
            case KVLIST_VALUE -> "kvlist";
            default -> "";
        };
    }
}
