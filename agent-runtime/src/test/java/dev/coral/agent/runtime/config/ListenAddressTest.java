package dev.coral.agent.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.runtime.config.AgentSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
    @Test
    void theDefaultIsLoopbackOnly() {
        assertThat(AgentSettings.defaults(Path.of("/opt/coral")).apiListen()).containsExactly("127.0.0.1:9001");
        assertThat(ListenAddress.parse("127.0.0.1:19001").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:19001").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("[::1]:19001").isLoopback()).isTrue();
    }

    @Test
    void wildcardsAreOnlyWhatIsWrittenOut() {
        ListenAddress any = ListenAddress.parse("0.0.0.0:19001");
        assertThat(any.isWildcard()).isTrue();
        assertThat(any.isLoopback()).isFalse();
        assertThat(ListenAddress.parse("[::]:19001").isWildcard()).isTrue();
        assertThat(ListenAddress.parse("10.42.0.7:19001").isLoopback()).isFalse();
    }

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertThat(ListenAddress.parse(" 10.0.0.1:19001 ")).isEqualTo(new ListenAddress("10.0.0.1", 19001));
        assertThat(ListenAddress.parse("[fd00::1]:19001")).isEqualTo(new ListenAddress("fd00::1", 19001));
        assertThat(ListenAddress.parse("[fd00::1]:19001").toString()).isEqualTo("[fd00::1]:19001");
        assertThat(ListenAddress.parse("127.0.0.1:0").port()).isZero();
    }

    @Test
    void collisionsAreTheSameAddressOrAWildcardOnTheSamePort() {
        ListenAddress loopback = ListenAddress.parse("127.0.0.1:19001");
        assertThat(loopback.collidesWith(ListenAddress.parse("127.0.0.1:19001"))).isTrue();
        assertThat(loopback.collidesWith(ListenAddress.parse("127.0.0.1:9002"))).isFalse();
        assertThat(loopback.collidesWith(ListenAddress.parse("127.0.0.2:19001"))).isFalse();
        assertThat(loopback.collidesWith(ListenAddress.parse("0.0.0.0:19001"))).isTrue();
        assertThat(loopback.collidesWith(ListenAddress.parse("[::]:19001"))).as("dual-stack").isTrue();
        assertThat(ListenAddress.parse("[::1]:19001").collidesWith(ListenAddress.parse("0.0.0.0:19001"))).isFalse();
        assertThat(ListenAddress.parse("[::1]:19001").collidesWith(ListenAddress.parse("[0:0:0:0:0:0:0:1]:19001")))
                .as("one IPv6 address written two ways").isTrue();
        assertThat(ListenAddress.parse("Agent.Local:19001").collidesWith(ListenAddress.parse("agent.local:19001")))
                .isTrue();
        assertThat(ListenAddress.parse("127.0.0.1:0").collidesWith(ListenAddress.parse("127.0.0.1:0")))
                .as("port 0 picks a free port each time").isFalse();
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String bad : new String[] {"19001", ":19001", "fd00::1:19001", "host:port", "host:70000", "[::1]19001",
                "[::1", ""}) {
            assertThatThrownBy(() -> ListenAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
