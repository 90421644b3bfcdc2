package dev.coral.agent.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the stores' attribute JSON back into typed OTLP values. */
class AttributeJsonTest {
    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue.Builder string(String s) {
        return AnyValue.newBuilder().setStringValue(s);
    }

    @Test
    void everyTypeReadsBackAsItsOwn() {
        String json = """
                {"s":"a \\"q\\" \\u00e9\\n","i":-42,"big":9223372036854775807,"d":1.0,"e":1.5E-7,"t":true,"f":false,
                 "none":null,"nan":{"$double":"NaN"},"inf":{"$double":"-Infinity"},"bytes":{"$base64":"AAH/"},
                 "arr":[1,"x",2.5,[true]],"kv":{"inner":{"deeper":3}},"escaped":{"$kvlist":{"$base64":"not bytes"}}}""";
        assertThat(AttributeJson.keyValues(json)).containsExactly(
                kv("s", string("a \"q\" é\n")),
                kv("i", AnyValue.newBuilder().setIntValue(-42)),
                kv("big", AnyValue.newBuilder().setIntValue(Long.MAX_VALUE)),
                kv("d", AnyValue.newBuilder().setDoubleValue(1.0)),
                kv("e", AnyValue.newBuilder().setDoubleValue(1.5e-7)),
                kv("t", AnyValue.newBuilder().setBoolValue(true)),
                kv("f", AnyValue.newBuilder().setBoolValue(false)),
                kv("none", AnyValue.newBuilder()),
                kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)),
                kv("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY)),
                kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff}))),
                kv("arr", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(string("x"))
                        .addValues(AnyValue.newBuilder().setDoubleValue(2.5))
                        .addValues(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setBoolValue(true)))))),
                kv("kv", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(
                        kv("inner", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                .addValues(kv("deeper", AnyValue.newBuilder().setIntValue(3)))))))),
                kv("escaped", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("$base64", string("not bytes"))))));
    }

    @Test
    void eventsAndLinksKeepTheirFieldsAndTypedAttributes() {
        List<Span.Event> events = AttributeJson.events("""
                [{"name":"retry","time_unix_nano":18446744073709551615,"attributes":{"attempt":2}},
                 {"name":"done","time_unix_nano":1700000000000000000,"attributes":{}}]""");
        assertThat(events).containsExactly(
                Span.Event.newBuilder().setName("retry").setTimeUnixNano(-1L)
                        .addAttributes(kv("attempt", AnyValue.newBuilder().setIntValue(2))).build(),
                Span.Event.newBuilder().setName("done").setTimeUnixNano(1_700_000_000_000_000_000L).build());
        List<Span.Link> links = AttributeJson.links("""
                [{"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","attributes":{"w":0.5}}]""");
        assertThat(links).hasSize(1);
        assertThat(links.getFirst().getTraceId().toByteArray()).hasSize(16).startsWith((byte) 0x0a, (byte) 0xf7);
        assertThat(links.getFirst().getSpanId().toByteArray()).hasSize(8).endsWith((byte) 0x33, (byte) 0x31);
        assertThat(links.getFirst().getAttributesList())
                .containsExactly(kv("w", AnyValue.newBuilder().setDoubleValue(0.5)));
        assertThat(AttributeJson.events("[{\"name\":\"x\",\"attributes\":{\"$base64\":\"s\"}}]").getFirst()
                .getAttributesList()).as("an attributes object's own keys are never markers")
                .containsExactly(kv("$base64", string("s")));
        assertThat(AttributeJson.keyValues("{\"$double\":\"NaN\"}")).containsExactly(kv("$double", string("NaN")));
        assertThat(AttributeJson.events("[]")).isEmpty();
        assertThat(AttributeJson.links(null)).isEmpty();
        assertThat(AttributeJson.keyValues("{}")).isEmpty();
    }

    @Test
    void aTruncationMarkerInPlaceOfEventsReadsAsOneEventCarryingIt() {
        String marker = "{\"coral.truncated\":\"events of 20971520 bytes, above ...\"}";
        assertThat(AttributeJson.events(marker)).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("coral.truncated");
            assertThat(e.getAttributesList()).containsExactly(kv("coral.truncated",
                    string("events of 20971520 bytes, above ...")));
        });
        assertThat(AttributeJson.links(marker)).singleElement()
                .satisfies(l -> assertThat(l.getAttributesCount()).isEqualTo(1));
    }

    @Test
    void olderTextWithPlainBytesAndNanReadsAsStrings() {
        assertThat(AttributeJson.keyValues("{\"bytes\":\"aGk=\",\"nan\":\"NaN\"}"))
                .containsExactly(kv("bytes", string("aGk=")), kv("nan", string("NaN")));
    }

    @Test
    void malformedTextIsRefusedWithWhereItBroke() {
        assertThatThrownBy(() -> AttributeJson.keyValues("{\"a\":1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> AttributeJson.keyValues("{\"a\":1} x")).hasMessageContaining("text after the value");
        assertThatThrownBy(() -> AttributeJson.keyValues("{\"a\":{\"$base64\":\"**\"}}"))
                .hasMessageContaining("bad base64");
        assertThatThrownBy(() -> AttributeJson.links("[{\"trace_id\":\"zz\"}]")).hasMessageContaining("not a hex id");
    }
}
