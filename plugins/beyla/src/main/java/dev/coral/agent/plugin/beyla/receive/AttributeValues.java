package dev.coral.agent.plugin.beyla.receive;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** OTLP attribute values as the rows want them: strings, and integers from whichever type was sent. */
final class AttributeValues {
    private AttributeValues() {}

    /** Every attribute as a string; a repeated key keeps its last value. */
    static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> out = new HashMap<>(attributes.size() * 2);
        for (KeyValue kv : attributes) {
            out.put(kv.getKey(), text(kv.getValue()));
        }
        return out;
    }

    /**
     * The first non-empty value of {@code keys} (the current semantic-convention name first, then
     * older ones), or empty; every one of the keys is removed from {@code attributes}, since they
     * all name the field the caller takes.
     */
    static String take(Map<String, String> attributes, String... keys) {
        String found = "";
        for (String key : keys) {
            String v = attributes.remove(key);
            if (found.isEmpty() && v != null) {
                found = v;
            }
        }
        return found;
    }

    /** A value as text: strings as they are, numbers and booleans as written, arrays and maps in brackets. */
    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> number(v.getDoubleValue());
            case BYTES_VALUE -> java.util.HexFormat.of().formatHex(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(AttributeValues::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            default -> "";
        };
    }

    /** An integer sent as an int, a whole double, or a decimal string ({@code "503"}); empty otherwise. */
    static OptionalLong integer(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException notAnInteger) {
            try {
                double d = Double.parseDouble(text);
                return d == Math.rint(d) && !Double.isInfinite(d) ? OptionalLong.of((long) d) : OptionalLong.empty();
            } catch (NumberFormatException notANumber) {
                return OptionalLong.empty();
            }
        }
    }

    /** Whole doubles without ".0", so a status code sent as 200.0 reads as 200. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
