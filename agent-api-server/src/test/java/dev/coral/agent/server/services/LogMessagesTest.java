package dev.coral.agent.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.server.v1.LogRecord;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import org.junit.jupiter.api.Test;

/** A store's log row as the wire's record: body and attributes back to their OTLP types. */
class LogMessagesTest {
    @Test
    void everyValueComesAcrossAndAttributesKeepTheirTypes() {
        LogRecord r = LogMessages.record(LogRow.builder().seqId(3).timestampUnixNano(11).observedTimestampUnixNano(12)
                .traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").traceFlags(1)
                .severityText("WARN").severityNumber(13).serviceName("shop").bodyType("string").body("declined")
                .attributesJson("{\"i\":42,\"d\":42.0,\"b\":true,\"s\":\"x\",\"a\":[1,\"two\"],\"m\":{\"k\":1.5}}")
                .resourceAttributesJson("{\"service.name\":\"shop\"}").scopeName("app").scopeVersion("1.0")
                .eventName("e").build());
        assertThat(r).isEqualTo(LogRecord.newBuilder().setSeqId(3).setTimeUnixNano(11).setObservedTimeUnixNano(12)
                .setTraceId("0af7651916cd43dd8448eb211c80319c").setSpanId("b7ad6b7169203331").setFlags(1)
                .setSeverityText("WARN").setSeverityNumber(13).setServiceName("shop").setBody(string("declined"))
                .addAttributes(kv("i", AnyValue.newBuilder().setIntValue(42).build()))
                .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(42.0).build()))
                .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("s", string("x")))
                .addAttributes(kv("a", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1)).addValues(string("two"))).build()))
                .addAttributes(kv("m", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("k", AnyValue.newBuilder().setDoubleValue(1.5).build()))).build()))
                .addResourceAttributes(kv("service.name", string("shop")))
                .setScopeName("app").setScopeVersion("1.0").setEventName("e").build());
    }

    @Test
    void bodiesByTheirStoredType() {
        assertThat(LogMessages.body("string", "{\"a\":1}")).as("a string that looks like JSON stays a string")
                .isEqualTo(string("{\"a\":1}"));
        assertThat(LogMessages.body("kvlist", "{\"order\":7,\"status\":\"failed\"}")).isEqualTo(AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addValues(kv("order", AnyValue.newBuilder().setIntValue(7)
                        .build())).addValues(kv("status", string("failed")))).build());
        assertThat(LogMessages.body("bytes", "{\"$base64\":\"AAEC\"}")).isEqualTo(AnyValue.newBuilder()
                .setBytesValue(ByteString.copyFrom(new byte[] {0, 1, 2})).build());
        assertThat(LogMessages.body("double", "{\"$double\":\"NaN\"}").getDoubleValue()).isNaN();
        assertThat(LogMessages.body("double", "2.0")).isEqualTo(AnyValue.newBuilder().setDoubleValue(2.0).build());
        assertThat(LogMessages.body("int", "-5")).isEqualTo(AnyValue.newBuilder().setIntValue(-5).build());
        assertThat(LogMessages.body("bool", "false")).isEqualTo(AnyValue.newBuilder().setBoolValue(false).build());
        assertThat(LogMessages.record(LogRow.builder().build()).hasBody()).as("no body type: no body").isFalse();
    }

    @Test
    void unreadableJsonComesBackAsTextNotAFailure() {
        assertThat(LogMessages.record(LogRow.builder().attributesJson("{not json").build()).getAttributesList())
                .containsExactly(kv("coral.unreadable", string("{not json")));
        assertThat(LogMessages.body("kvlist", "{cut")).isEqualTo(string("{cut"));
    }

    private static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
