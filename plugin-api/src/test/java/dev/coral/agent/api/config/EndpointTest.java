package dev.coral.agent.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {
    @Test
    void loopbackIsRecognised() {
        assertThat(Endpoint.parse("127.0.0.1:19001").isLoopback()).isTrue();
        assertThat(Endpoint.parse("localhost:19001").isLoopback()).isTrue();
        assertThat(Endpoint.parse("[::1]:19001").isLoopback()).isTrue();
    }

    @Test
    void wildcardsAreOnlyWhatIsWrittenOut() {
        Endpoint any = Endpoint.parse("0.0.0.0:19001");
        assertThat(any.isWildcard()).isTrue();
        assertThat(any.isLoopback()).isFalse();
        assertThat(Endpoint.parse("[::]:19001").isWildcard()).isTrue();
        assertThat(Endpoint.parse("10.42.0.7:19001").isLoopback()).isFalse();
    }

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertThat(Endpoint.parse(" 10.0.0.1:19001 ")).isEqualTo(new Endpoint("10.0.0.1", 19001));
        assertThat(Endpoint.parse("[fd00::1]:19001")).isEqualTo(new Endpoint("fd00::1", 19001));
        assertThat(Endpoint.parse("[fd00::1]:19001").toString()).isEqualTo("[fd00::1]:19001");
        assertThat(Endpoint.parse("127.0.0.1:0").port()).isZero();
    }

    @Test
    void collisionsAreTheSameAddressOrAWildcardOnTheSamePort() {
        Endpoint loopback = Endpoint.parse("127.0.0.1:19001");
        assertThat(loopback.collidesWith(Endpoint.parse("127.0.0.1:19001"))).isTrue();
        assertThat(loopback.collidesWith(Endpoint.parse("127.0.0.1:9002"))).isFalse();
        assertThat(loopback.collidesWith(Endpoint.parse("127.0.0.2:19001"))).isFalse();
        assertThat(loopback.collidesWith(Endpoint.parse("0.0.0.0:19001"))).isTrue();
        assertThat(loopback.collidesWith(Endpoint.parse("[::]:19001"))).as("dual-stack").isTrue();
        assertThat(Endpoint.parse("[::1]:19001").collidesWith(Endpoint.parse("0.0.0.0:19001"))).isFalse();
        assertThat(Endpoint.parse("[::1]:19001").collidesWith(Endpoint.parse("[0:0:0:0:0:0:0:1]:19001")))
                .as("one IPv6 address written two ways").isTrue();
        assertThat(Endpoint.parse("Agent.Local:19001").collidesWith(Endpoint.parse("agent.local:19001")))
                .isTrue();
        assertThat(Endpoint.parse("127.0.0.1:0").collidesWith(Endpoint.parse("127.0.0.1:0")))
                .as("port 0 picks a free port each time").isFalse();
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String bad : new String[] {"19001", ":19001", "fd00::1:19001", "host:port", "host:70000", "[::1]19001",
                "[::1", ""}) {
            assertThatThrownBy(() -> Endpoint.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
