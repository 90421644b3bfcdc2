package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.AttributeJson;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes OTLP attribute values as JSON text for the JSON columns, keeping their types as
 * plugin-api's {@link AttributeJson} describes (and reads back): plain JSON where JSON has the
 * type, a marker object for bytes and for doubles JSON cannot write. Hand-written because it runs
 * once per span on the ingest path: no intermediate tree, one reused builder.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder(256);
    private final ValueLimits limits;

    Json() {
        this(ValueLimits.NONE);
    }

    Json(ValueLimits limits) {
        this.limits = limits;
    }

    /** {@code {"k": v, ...}} for a list of attributes. */
    String object(List<KeyValue> attributes) {
        sb.setLength(0);
        appendObject(attributes);
        return sb.toString();
    }

    /** {@code {"k": "v", ...}} for string attributes, keys sorted, cut as {@link #appendObject} cuts. */
    String object(Map<String, String> attributes) {
        sb.setLength(0);
        sb.append('{');
        int i = 0;
        for (Map.Entry<String, String> kv : new TreeMap<>(attributes).entrySet()) {
            if (i > 0) {
                sb.append(',');
            }
            if (sb.length() > limits.maxAttributesLength()) {
                limits.truncated().increment();
                sb.append("\"coral.dropped_attributes\":").append(attributes.size() - i);
                break;
            }
            appendString(kv.getKey());
            sb.append(':');
            appendString(kv.getValue());
            i++;
        }
        sb.append('}');
        return sb.toString();
    }

    StringBuilder builder() {
        sb.setLength(0);
        return sb;
    }

    void appendObject(List<KeyValue> attributes) {
        int start = sb.length();
        sb.append('{');
        for (int i = 0; i < attributes.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (sb.length() - start > limits.maxAttributesLength()) {
                limits.truncated().increment();
                sb.append("\"coral.dropped_attributes\":").append(attributes.size() - i);
                break;
            }
            KeyValue kv = attributes.get(i);
            appendString(kv.getKey());
            sb.append(':');
            appendValue(kv.getValue());
        }
        sb.append('}');
    }

    void appendValue(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE -> appendString(v.getStringValue());
            case BOOL_VALUE -> sb.append(v.getBoolValue());
            case INT_VALUE -> sb.append(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    sb.append(d); // always with a fraction or exponent ("1.0"): it reads back as a double
                } else {
                    appendMarker(AttributeJson.DOUBLE_MARKER, Double.toString(d));
                }
            }
            case BYTES_VALUE -> appendMarker(AttributeJson.BYTES_MARKER,
                    Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                sb.append('[');
                List<AnyValue> values = v.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendValue(values.get(i));
                }
                sb.append(']');
            }
            case KVLIST_VALUE -> {
                List<KeyValue> values = v.getKvlistValue().getValuesList();
                if (values.size() == 1 && isMarker(values.getFirst().getKey())) {
                    sb.append('{');
                    appendString(AttributeJson.KVLIST_MARKER);
                    sb.append(':');
                    appendObject(values);
                    sb.append('}');
                } else {
                    appendObject(values);
                }
            }
            default -> sb.append("null");
        }
    }

    private void appendMarker(String marker, String text) {
        sb.append('{');
        appendString(marker);
        sb.append(':');
        appendString(text);
        sb.append('}');
    }

    /** A kvlist with this key alone would read as a typed value: it is wrapped so that it does not. */
    private static boolean isMarker(String key) {
        return key.equals(AttributeJson.BYTES_MARKER) || key.equals(AttributeJson.DOUBLE_MARKER)
                || key.equals(AttributeJson.KVLIST_MARKER);
    }

    void appendString(String value) {
        String s = limits.text(value);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The value as a plain string, as the colony's map<string,string> wants it. */
    static String plain(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> {
                Json j = new Json();
                j.sb.setLength(0);
                j.appendValue(v);
                yield j.sb.toString();
            }
        };
    }
}
