package dev.coral.agent.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.server.v1.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

/** A store row as our StoredSpan: every field, typed attributes, and rows of older or broken text. */
class StoredSpansTest {
    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    @Test
    void everyFieldOfTheRowWithItsAttributesTyped() throws Exception {
        SpanRow row = SpanRow.builder().seqId(9).traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("53995c3f42cd8ad8")
                .parentSpanId("00f067aa0ba902b7").spanName("charge card").spanKind("CLIENT").serviceName("payments")
                .startTimeUnixNano(1_000_000).endTimeUnixNano(21_000_000).durationMs(20).isError(true)
                .statusCode("ERROR").statusMessage("card declined").scopeName("payments-app").scopeVersion("1.0")
                .httpStatus(502).httpMethod("POST").httpRoute("/pay")
                .attributesJson("{\"n\":3,\"ratio\":0.5,\"raw\":{\"$base64\":\"AAE=\"},\"items\":[\"a\",\"b\"]}")
                .resourceAttributesJson("{\"service.name\":\"payments\"}")
                .eventsJson("[{\"name\":\"retry\",\"time_unix_nano\":6000000,\"attributes\":{\"attempt\":2}}]")
                .linksJson("[{\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"span_id\":\"b7ad6b7169203331\","
                        + "\"attributes\":{}}]")
                .build();
        StoredSpan s = StoredSpans.of(row);
        assertThat(s.getName()).isEqualTo("charge card");
        assertThat(s.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(s.getStatusCode()).isEqualTo("ERROR");
        assertThat(s.getScopeVersion()).isEqualTo("1.0");
        assertThat(s.getAttributesList()).hasSize(4).startsWith(kv("n", AnyValue.newBuilder().setIntValue(3).build()),
                kv("ratio", AnyValue.newBuilder().setDoubleValue(0.5).build()));
        assertThat(s.getAttributes(2).getValue().getBytesValue().toByteArray()).containsExactly(0, 1);
        assertThat(s.getEvents(0).getAttributesList()).containsExactly(kv("attempt",
                AnyValue.newBuilder().setIntValue(2).build()));
        assertThat(s.getLinks(0).getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(s.getLinks(0).getSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(JsonFormat.printer().omittingInsignificantWhitespace().print(s))
                .contains("{\"key\":\"n\",\"value\":{\"intValue\":\"3\"}}")
                .contains("{\"key\":\"items\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},"
                        + "{\"stringValue\":\"b\"}]}}}")
                .contains("{\"key\":\"raw\",\"value\":{\"bytesValue\":\"AAE=\"}}");
    }

    @Test
    void anOlderRowSaysErrorFromIsErrorAndBrokenTextComesRawNotAsAFailure() {
        StoredSpan old = StoredSpans.of(SpanRow.builder().isError(true).build());
        assertThat(old.getStatusCode()).isEqualTo("ERROR");
        assertThat(StoredSpans.of(SpanRow.builder().build()).getStatusCode()).as("unknown, not invented").isEmpty();

        StoredSpan broken = StoredSpans.of(SpanRow.builder().attributesJson("{\"a\":").eventsJson("[{")
                .linksJson("nope").build());
        AnyValue raw = AnyValue.newBuilder().setStringValue("{\"a\":").build();
        assertThat(broken.getAttributesList()).containsExactly(kv("coral.unreadable", raw));
        assertThat(broken.getEvents(0).getName()).isEqualTo("coral.unreadable");
        assertThat(broken.getLinks(0).getAttributes(0).getValue().getStringValue()).isEqualTo("nope");
    }
}
