package dev.coral.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComponentIdTest {
    @Test
    void parsesTypeAndName() {
        assertThat(ComponentId.parse("otlp")).isEqualTo(new ComponentId("otlp", ""));
        assertThat(ComponentId.parse("otlp/internal")).isEqualTo(new ComponentId("otlp", "internal"));
        assertThat(ComponentId.parse("otlp/internal").toString()).isEqualTo("otlp/internal");
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> ComponentId.parse("/x")).hasMessageContaining("invalid component type ''");
        assertThatThrownBy(() -> ComponentId.parse("otlp/a b")).hasMessageContaining("invalid component name 'a b'");
    }
}
