package dev.coral.agent.api.query;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON in which stores keep OTLP attributes ({@link SpanRow#attributesJson()},
 * {@link SpanRow#resourceAttributesJson()}, and the attributes inside {@link SpanRow#eventsJson()}
 * and {@link SpanRow#linksJson()}), and its reading back into OTLP values with their types.
 *
 * <p>Attributes are one JSON object, key to value, in the order they were sent. Plain JSON wherever
 * JSON can say the type, so that {@code attributes->>'http.route'} works in DuckDB:
 * <ul>
 *   <li>string: a JSON string; bool: {@code true}/{@code false}; empty value: {@code null};</li>
 *   <li>int: a JSON integer, never with a fraction or exponent ({@code 42});</li>
 *   <li>double: a JSON number always with a fraction or exponent ({@code 1.0}, {@code 1.5E-7});
 *       NaN and the infinities, which JSON lacks, as {@code {"$double": "NaN"}}
 *       ({@code "Infinity"}, {@code "-Infinity"});</li>
 *   <li>bytes: {@code {"$base64": "aGk="}}, standard base64 with padding (RFC 4648 section 4);</li>
 *   <li>array: a JSON array of such values; kvlist: a JSON object of such values, written as
 *       {@code {"$kvlist": {...}}} when its only key is one of the markers {@code $double},
 *       {@code $base64}, {@code $kvlist}, so that no kvlist reads as a marker.</li>
 * </ul>
 * Events are {@code [{"name": ..., "time_unix_nano": N, "attributes": {...}}, ...]}, links
 * {@code [{"trace_id": "<32 hex>", "span_id": "<16 hex>", "attributes": {...}}, ...]}. A store
 * that kept a value in part writes {@code "coral.dropped_attributes": N} for the attributes it left
 * out; a value above a store's read cap comes as {@code {"coral.truncated": "..."}} (for events
 * and links too: it then reads as one event named {@code coral.truncated}, or one link without
 * ids, carrying that attribute).
 *
 * <p>Text written before this encoding (coral-agent 0.1.0 stores) had bytes as a plain base64
 * string and NaN as the string {@code "NaN"}: those read as strings. Malformed text is an
 * {@link IllegalArgumentException}.
 *
 * @since 0.1.0
 */
public final class AttributeJson {
    /** The marker key of a double JSON cannot write. */
    public static final String DOUBLE_MARKER = "$double";
    /** The marker key of a bytes value. */
    public static final String BYTES_MARKER = "$base64";
    /** The marker key of a kvlist whose only key is a marker. */
    public static final String KVLIST_MARKER = "$kvlist";

    private static final HexFormat HEX = HexFormat.of();

    private final String s;
    private int i;

    private AttributeJson(String s) {
        this.s = s;
    }

    /**
     * An attributes object as OTLP key-values, in their order; null or empty text reads as none.
     *
     * @since 0.1.0
     */
    public static List<KeyValue> keyValues(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        AttributeJson p = new AttributeJson(json);
        List<KeyValue> out = typed(p.object());
        p.end();
        return out;
    }

    /**
     * An events array as OTLP events (name, time, attributes); null or empty text reads as none.
     *
     * @since 0.1.0
     */
    public static List<Span.Event> events(String json) {
        List<Span.Event> out = new ArrayList<>();
        for (List<KeyValue> fields : entries(json)) {
            Span.Event.Builder e = Span.Event.newBuilder();
            if (isTruncationMarker(fields)) {
                out.add(e.setName("coral.truncated").addAllAttributes(fields).build());
                continue;
            }
            for (KeyValue f : fields) {
                switch (f.getKey()) {
                    case "name" -> e.setName(f.getValue().getStringValue());
                    case "time_unix_nano" -> e.setTimeUnixNano(f.getValue().getIntValue());
                    case "attributes" -> e.addAllAttributes(typed(f.getValue().getKvlistValue().getValuesList()));
                    default -> { } // a field a later store adds: not ours to read here
                }
            }
            out.add(e.build());
        }
        return out;
    }

    /**
     * A links array as OTLP links (trace id, span id, attributes); null or empty text reads as none.
     *
     * @since 0.1.0
     */
    public static List<Span.Link> links(String json) {
        List<Span.Link> out = new ArrayList<>();
        for (List<KeyValue> fields : entries(json)) {
            Span.Link.Builder l = Span.Link.newBuilder();
            if (isTruncationMarker(fields)) {
                out.add(l.addAllAttributes(fields).build());
                continue;
            }
            for (KeyValue f : fields) {
                switch (f.getKey()) {
                    case "trace_id" -> l.setTraceId(hex(f.getValue().getStringValue()));
                    case "span_id" -> l.setSpanId(hex(f.getValue().getStringValue()));
                    case "attributes" -> l.addAllAttributes(typed(f.getValue().getKvlistValue().getValuesList()));
                    default -> { }
                }
            }
            out.add(l.build());
        }
        return out;
    }

    /**
     * The objects of an array, each as its fields, untyped (an "attributes" field is typed as an
     * attributes object, its own keys never markers); a lone object (a truncation marker) typed, as one entry.
     */
    private static List<List<KeyValue>> entries(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        AttributeJson p = new AttributeJson(json);
        p.skipWs();
        List<List<KeyValue>> out = new ArrayList<>();
        if (p.peek() == '{') {
            out.add(typed(p.object()));
        } else {
            for (AnyValue v : p.array().getValuesList()) {
                out.add(v.getKvlistValue().getValuesList());
            }
        }
        p.end();
        return out;
    }

    private static boolean isTruncationMarker(List<KeyValue> fields) {
        return fields.size() == 1 && fields.getFirst().getKey().equals("coral.truncated");
    }

    private static ByteString hex(String hex) {
        try {
            return ByteString.copyFrom(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex id: " + hex, e);
        }
    }

    private List<KeyValue> object() {
        skipWs();
        expect('{');
        List<KeyValue> out = new ArrayList<>();
        skipWs();
        if (peek() == '}') {
            i++;
            return out;
        }
        while (true) {
            skipWs();
            String key = string();
            skipWs();
            expect(':');
            out.add(KeyValue.newBuilder().setKey(key).setValue(value()).build());
            skipWs();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private AnyValue value() {
        skipWs();
        char c = peek();
        return switch (c) {
            case '"' -> AnyValue.newBuilder().setStringValue(string()).build();
            case '{' -> objectValue();
            case '[' -> AnyValue.newBuilder().setArrayValue(array()).build();
            case 't' -> literal("true", AnyValue.newBuilder().setBoolValue(true).build());
            case 'f' -> literal("false", AnyValue.newBuilder().setBoolValue(false).build());
            case 'n' -> literal("null", AnyValue.getDefaultInstance());
            default -> number();
        };
    }

    /** Every JSON object as a kvlist first; {@link #typed} then reads the markers. */
    private AnyValue objectValue() {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(object())).build();
    }

    /** The fields with their values typed. */
    private static List<KeyValue> typed(List<KeyValue> fields) {
        List<KeyValue> out = new ArrayList<>(fields.size());
        for (KeyValue f : fields) {
            out.add(f.toBuilder().setValue(typed(f.getValue())).build());
        }
        return out;
    }

    /** A parsed value with its markers read: bytes, doubles JSON lacks, and wrapped kvlists. */
    private static AnyValue typed(AnyValue raw) {
        if (raw.hasArrayValue()) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            raw.getArrayValue().getValuesList().forEach(v -> a.addValues(typed(v)));
            return AnyValue.newBuilder().setArrayValue(a).build();
        }
        if (!raw.hasKvlistValue()) {
            return raw;
        }
        List<KeyValue> fields = raw.getKvlistValue().getValuesList();
        if (fields.size() == 1) {
            KeyValue only = fields.getFirst();
            AnyValue v = only.getValue();
            if (only.getKey().equals(BYTES_MARKER) && v.hasStringValue()) {
                try {
                    return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(
                            Base64.getDecoder().decode(v.getStringValue()))).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("malformed attribute JSON: bad base64 in " + BYTES_MARKER
                            + ": " + v.getStringValue());
                }
            }
            if (only.getKey().equals(DOUBLE_MARKER) && v.hasStringValue()) {
                try {
                    return AnyValue.newBuilder().setDoubleValue(Double.parseDouble(v.getStringValue())).build();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("malformed attribute JSON: bad number in " + DOUBLE_MARKER
                            + ": " + v.getStringValue());
                }
            }
            if (only.getKey().equals(KVLIST_MARKER) && v.hasKvlistValue()) {
                fields = v.getKvlistValue().getValuesList(); // the kvlist itself, its only key a marker
            }
        }
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(typed(fields))).build();
    }

    private ArrayValue array() {
        skipWs();
        expect('[');
        ArrayValue.Builder out = ArrayValue.newBuilder();
        skipWs();
        if (peek() == ']') {
            i++;
            return out.build();
        }
        while (true) {
            out.addValues(value());
            skipWs();
            char c = next();
            if (c == ']') {
                return out.build();
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    /**
     * An integer stays an int (a long; past its range an unsigned one, as event times are written,
     * and past that a double); a number with a fraction or exponent is a double.
     */
    private AnyValue number() {
        int start = i;
        boolean integral = true;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            char c = s.charAt(i++);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
            }
        }
        String text = s.substring(start, i);
        if (text.isEmpty()) {
            throw error("unexpected '" + peek() + "'");
        }
        try {
            if (integral) {
                try {
                    return AnyValue.newBuilder().setIntValue(Long.parseLong(text)).build();
                } catch (NumberFormatException tooLarge) {
                    try {
                        return AnyValue.newBuilder().setIntValue(Long.parseUnsignedLong(text)).build();
                    } catch (NumberFormatException tooLargeStill) {
                        return AnyValue.newBuilder().setDoubleValue(Double.parseDouble(text)).build();
                    }
                }
            }
            return AnyValue.newBuilder().setDoubleValue(Double.parseDouble(text)).build();
        } catch (NumberFormatException e) {
            throw error("bad number " + text);
        }
    }

    private AnyValue literal(String word, AnyValue value) {
        if (!s.startsWith(word, i)) {
            throw error("expected " + word);
        }
        i += word.length();
        return value;
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    sb.append((char) Integer.parseInt(s, i, i + 4, 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
    }

    private void end() {
        skipWs();
        if (i != s.length()) {
            throw error("text after the value");
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char next() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i++);
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private void skipWs() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed attribute JSON: " + what + " at " + i + " in "
                + (s.length() > 200 ? s.substring(0, 200) + "..." : s));
    }
}
