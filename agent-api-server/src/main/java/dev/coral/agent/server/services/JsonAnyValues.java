package dev.coral.agent.server.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store's JSON text of OTLP values back as typed OTLP values: the stores write integers without
 * and doubles with a decimal point or exponent, so {@code 42} is an int and {@code 42.0} a double;
 * objects are key-value lists, arrays arrays. JSON cannot tell bytes from text, so bytes stored as
 * base64 come back as strings. Text that does not parse (a store's truncation note, say) comes back
 * as one string value rather than failing the answer.
 */
final class JsonAnyValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnyValues() {}

    /** The members of a JSON object as attributes, in their order; none for empty or unreadable text. */
    static List<KeyValue> attributes(String jsonObject) {
        if (jsonObject == null || jsonObject.isEmpty()) {
            return List.of();
        }
        JsonNode node = parse(jsonObject);
        if (node == null || !node.isObject()) {
            return List.of(KeyValue.newBuilder().setKey("coral.unreadable_attributes")
                    .setValue(AnyValue.newBuilder().setStringValue(jsonObject)).build());
        }
        List<KeyValue> out = new ArrayList<>(node.size());
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.add(KeyValue.newBuilder().setKey(e.getKey()).setValue(value(e.getValue())).build());
        }
        return out;
    }

    /** One JSON value as an OTLP value; text that does not parse as a string value. */
    static AnyValue value(String json) {
        JsonNode node = parse(json);
        return node == null ? AnyValue.newBuilder().setStringValue(json).build() : value(node);
    }

    static AnyValue value(JsonNode node) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (node.isTextual()) {
            b.setStringValue(node.textValue());
        } else if (node.isBoolean()) {
            b.setBoolValue(node.booleanValue());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            b.setIntValue(node.longValue());
        } else if (node.isNumber()) {
            b.setDoubleValue(node.doubleValue());
        } else if (node.isArray()) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            node.forEach(v -> a.addValues(value(v)));
            b.setArrayValue(a);
        } else if (node.isObject()) {
            KeyValueList.Builder kv = KeyValueList.newBuilder();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                kv.addValues(KeyValue.newBuilder().setKey(e.getKey()).setValue(value(e.getValue())));
            }
            b.setKvlistValue(kv);
        }
        // JSON null: an empty value, as OTLP has no null.
        return b.build();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
