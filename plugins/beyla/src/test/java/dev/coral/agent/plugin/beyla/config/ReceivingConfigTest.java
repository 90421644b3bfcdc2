package dev.coral.agent.plugin.beyla.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.beyla.BeylaFactory;
import dev.coral.agent.testkit.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The receiving settings of the beyla block: plugin-support's server sections, on loopback only. */
class ReceivingConfigTest {
    private final ReceiverFactory<BeylaConfig> factory = new BeylaFactory().factory();

    private ReceivingConfig parse(String hocon) {
        return TestConfigs.read(factory, hocon).receiving();
    }

    @Test
    void defaultsListenOnLoopbackBesideTheApplicationsPorts() {
        ReceivingConfig c = parse("");
        assertThat(c).isEqualTo(ReceivingConfig.defaults());
        assertThat(c.grpc().endpoint()).isEqualTo(ReceivingConfig.DEFAULT_GRPC);
        assertThat(c.http().endpoint()).isEqualTo(ReceivingConfig.DEFAULT_HTTP);
        assertThat(c.grpc().endpoint().isLoopback()).isTrue();
        assertThat(c.http().endpoint().isLoopback()).isTrue();
        assertThat(c.grpc().endpoint().port() + 1).as("gRPC, then HTTP").isEqualTo(c.http().endpoint().port());
        assertThat(c.maxSeries()).isEqualTo(10_000);
    }

    @Test
    void readsEverySetting() {
        ReceivingConfig c = parse("""
                grpc { endpoint = "127.0.0.1:0", max-recv-msg-size = 8MiB }
                http { endpoint = "[::1]:0", max-connections = 8 }
                retry-after = 3s
                max-series = 500
                """);
        assertThat(c.grpc().endpoint()).isEqualTo(new Endpoint("127.0.0.1", 0));
        assertThat(c.grpc().maxRecvMsgSize()).isEqualTo(8L << 20);
        assertThat(c.http().endpoint()).isEqualTo(new Endpoint("::1", 0));
        assertThat(c.http().connections().maxConnections()).isEqualTo(8);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.maxSeries()).isEqualTo(500);
        assertThat(parse("http.enabled = false").http().enabled()).isFalse();
    }

    @Test
    void anAddressOtherHostsCanReachIsRefusedWithFileLineAndKey() {
        assertThatThrownBy(() -> parse("\ngrpc.endpoint = \"0.0.0.0:5000\""))
                .hasMessageContaining("test.conf:2")
                .hasMessageContaining("receivers.beyla.grpc.endpoint")
                .hasMessageContaining("loopback");
        assertThat(TestConfigs.problems(factory, "http.endpoint = \"10.1.2.3:5001\"\ngrpc.endpoint = \"[::]:5002\""))
                .satisfiesExactlyInAnyOrder(
                        p -> assertThat(p).contains("receivers.beyla.http.endpoint").contains("loopback"),
                        p -> assertThat(p).contains("receivers.beyla.grpc.endpoint").contains("loopback"));
        assertThat(parse("http { enabled = false, endpoint = \"0.0.0.0:5001\" }").http().enabled())
                .as("a disabled server listens nowhere").isFalse();
    }

    @Test
    void otherMistakes() {
        assertThatThrownBy(() -> parse("grpc.enabled = false"))
                .hasMessageContaining("receivers.beyla.grpc.enabled");
        assertThatThrownBy(() -> parse("grpc.endpoint = \"127.0.0.1:5000\"\nhttp.endpoint = \"127.0.0.1:5000\""))
                .hasMessageContaining("test.conf:2").hasMessageContaining("receivers.beyla.http.endpoint");
        assertThatThrownBy(() -> parse("max-series = 0")).hasMessageContaining("receivers.beyla.max-series");
        assertThatThrownBy(() -> parse("retry-after = 0s")).hasMessageContaining("receivers.beyla.retry-after");
    }

    @Test
    void unknownKeysStayUnreadSoTheRuntimeCanReportThem() {
        Settings s = TestConfigs.settings(factory, "grpc { endpont = \"x\" }\nmax-serie = 3");
        factory.readConfig(s);
        assertThat(s.unreadKeys()).containsExactly("grpc.endpont", "max-serie");
    }
}
