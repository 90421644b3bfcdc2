package dev.coral.agent.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanRowTest {
    @Test
    void valuesNotSetReadAsTheirDefaultsAndTextIsNeverNull() {
        SpanRow row = SpanRow.builder().seqId(7).traceId("4bf92f3577b34da6a3ce929d0e0e4736").parentSpanId(null).build();
        assertThat(row.seqId()).isEqualTo(7);
        assertThat(row.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(row.parentSpanId()).isEmpty();
        assertThat(row.serviceName()).isEmpty();
        assertThat(row.httpStatus()).isZero();
        assertThat(row.isError()).isFalse();
        assertThat(row.attributes()).isEmpty();
        assertThat(row.resourceAttributesJson()).isEqualTo("{}");
        assertThat(row.eventsJson()).isEqualTo("[]");
        assertThat(row.linksJson()).isEqualTo("[]");
    }

    @Test
    void aCopyDiffersOnlyInWhatItSetsAndRowsAreValues() {
        Map<String, String> attributes = new HashMap<>(Map.of("http.route", "/users"));
        SpanRow row = SpanRow.builder().spanId("00f067aa0ba902b7").serviceName("checkout").durationMs(12.5)
                .attributes(attributes).build();
        attributes.put("later", "change");
        SpanRow copy = row.toBuilder().seqId(42).build();
        assertThat(copy.seqId()).isEqualTo(42);
        assertThat(copy.toBuilder().seqId(0).build()).isEqualTo(row).hasSameHashCodeAs(row);
        assertThat(copy).isNotEqualTo(row);
        assertThat(row.attributes()).as("copied when built").containsExactly(Map.entry("http.route", "/users"));
        assertThatThrownBy(() -> row.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
