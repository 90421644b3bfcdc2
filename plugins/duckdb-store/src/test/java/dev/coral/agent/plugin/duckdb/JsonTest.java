package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attributes to JSON text and back to the colony's map of strings. */
class JsonTest {
    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    @Test
    void everyValueKindRoundTripsToStrings() {
        List<KeyValue> attrs = List.of(
                kv("s", AnyValue.newBuilder().setStringValue("quote \" backslash \\ newline \n tab \t bell \u0007 é 😀")),
                kv("b", AnyValue.newBuilder().setBoolValue(true)),
                kv("i", AnyValue.newBuilder().setIntValue(-42)),
                kv("d", AnyValue.newBuilder().setDoubleValue(1.5)),
                kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)),
                kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi"))),
                kv("arr", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(AnyValue.newBuilder().setStringValue("]}")))),
                kv("kv", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("inner", AnyValue.newBuilder().setStringValue("x"))))),
                kv("empty", AnyValue.newBuilder()),
                kv("key \"quoted\"", AnyValue.newBuilder().setStringValue("v")));
        String json = new Json().object(attrs);
        assertThat(json).startsWith("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é 😀\"");

        Map<String, String> out = new LinkedHashMap<>();
        new FlatJson(json).readObjectInto(out);
        assertThat(out).containsExactly(
                Map.entry("s", "quote \" backslash \\ newline \n tab \t bell \u0007 é 😀"),
                Map.entry("b", "true"), Map.entry("i", "-42"), Map.entry("d", "1.5"), Map.entry("nan", "NaN"),
                Map.entry("bytes", "aGk="), Map.entry("arr", "[1,\"]}\"]"), Map.entry("kv", "{\"inner\":\"x\"}"),
                Map.entry("empty", "null"), Map.entry("key \"quoted\"", "v"));
        assertThat(new Json().object(List.of())).isEqualTo("{}");
    }
}
