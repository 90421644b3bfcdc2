package dev.coral.agent.plugin.otlp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.otlp.OtlpReceiverFactory;
import dev.coral.agent.support.otlp.GrpcServerSettings;
import dev.coral.agent.support.otlp.HttpServerSettings;
import dev.coral.agent.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OtlpConfigReaderTest {
    private final ReceiverFactory<OtlpReceiverConfig> factory = new OtlpReceiverFactory().factory();

    private OtlpReceiverConfig parse(String hocon) {
        return TestConfigs.read(factory, Settings.of(ConfigFactory.parseString(hocon,
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("pipelines.conf")),
                "receivers.otlp", "pipelines.conf"));
    }

    @Test
    void defaultsAreTheCollectorsAndTheSpecsPorts() {
        OtlpReceiverConfig c = parse("");
        assertThat(c).isEqualTo(factory.defaultConfig());
        assertThat(c.grpc().endpoint()).isEqualTo(new Endpoint("0.0.0.0", 4317));
        assertThat(c.http().endpoint()).isEqualTo(new Endpoint("0.0.0.0", 4318));
        assertThat(c.grpc().maxRecvMsgSize()).isEqualTo(4L << 20);
        assertThat(c.http().maxRequestBodySize()).isEqualTo(20L << 20);
        assertThat(c.http().cors().enabled()).isFalse();
    }

    @Test
    void readsEverySetting() {
        String cert = Path.of("src/test/resources/tls/cert.pem").toAbsolutePath().toString();
        String key = Path.of("src/test/resources/tls/key.pem").toAbsolutePath().toString();
        OtlpReceiverConfig c = parse("""
                grpc { endpoint = "[::1]:14317", max-recv-msg-size = 8MiB, max-concurrent-streams = 16,
                       tls { cert-file = "%s", key-file = "%s" } }
                http { endpoint = "127.0.0.1:0", max-request-body-size = 1MiB,
                       cors { allowed-origins = ["https://*.example.com"], allowed-headers = [x-tenant], max-age = 10m } }
                retry-after = 3s
                shutdown-timeout = 2s
                """.formatted(cert, key));
        assertThat(c.grpc().endpoint()).isEqualTo(new Endpoint("::1", 14317));
        assertThat(c.grpc().maxRecvMsgSize()).isEqualTo(8L << 20);
        assertThat(c.grpc().maxConcurrentStreams()).isEqualTo(16);
        assertThat(c.grpc().tls()).isPresent();
        assertThat(c.http().endpoint().port()).isZero();
        assertThat(c.http().maxRequestBodySize()).isEqualTo(1L << 20);
        assertThat(c.http().cors().allowedOrigins()).containsExactly("https://*.example.com");
        assertThat(c.http().cors().allowedHeaders()).containsExactly("x-tenant");
        assertThat(c.http().cors().maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void readsConnectionLimits() {
        OtlpReceiverConfig c = parse("""
                grpc { handshake-timeout = 3s, max-connection-idle = 1m, max-stream-resets = 50, stream-reset-window = 5s }
                http { read-header-timeout = 2s, read-timeout = 20s, idle-timeout = 30s, max-connections = 64 }
                """);
        assertThat(c.grpc().connections()).isEqualTo(new GrpcServerSettings.Connections(
                Duration.ofSeconds(3), Duration.ofMinutes(1), 50, Duration.ofSeconds(5)));
        assertThat(c.http().connections()).isEqualTo(new HttpServerSettings.Connections(
                Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(30), 64));
        assertThatThrownBy(() -> parse("http {\n read-header-timeout = 30s\n read-timeout = 10s }"))
                .hasMessageContaining("pipelines.conf:3").hasMessageContaining("receivers.otlp.http.read-timeout");
        assertThatThrownBy(() -> parse("http.max-connections = 0")).hasMessageContaining("http.max-connections");
    }

    @Test
    void grpcAndHttpCannotShareAPort() {
        assertThatThrownBy(() -> parse("grpc.endpoint = \"0.0.0.0:5000\"\nhttp.endpoint = \"127.0.0.1:5000\""))
                .hasMessageContaining("pipelines.conf:2").hasMessageContaining("receivers.otlp.http.endpoint")
                .hasMessageContaining("0.0.0.0:5000");
        assertThat(parse("grpc.endpoint = \"127.0.0.1:5000\"\nhttp.endpoint = \"127.0.0.2:5000\"").http().endpoint().port())
                .as("two hosts may use one port").isEqualTo(5000);
    }

    @Test
    void badValuesNameFileLineAndKey() {
        assertThatThrownBy(() -> parse("grpc.endpoint = \"4317\""))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("pipelines.conf:1")
                .hasMessageContaining("receivers.otlp.grpc.endpoint")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> parse("\nhttp.endpoint = \"0.0.0.0:99999\""))
                .hasMessageContaining("pipelines.conf:2").hasMessageContaining("receivers.otlp.http.endpoint");
        assertThatThrownBy(() -> parse("http.max-request-body-size = lots"))
                .hasMessageContaining("receivers.otlp.http.max-request-body-size");
        assertThatThrownBy(() -> parse("grpc.max-concurrent-streams = 0"))
                .hasMessageContaining("receivers.otlp.grpc.max-concurrent-streams");
        assertThatThrownBy(() -> parse("grpc.tls.cert-file = \"/nonexistent/cert.pem\""))
                .hasMessageContaining("receivers.otlp.grpc.tls.key-file");
        assertThatThrownBy(() -> parse("grpc.tls { cert-file = \"/nonexistent/c.pem\", key-file = \"/nonexistent/k.pem\" }"))
                .hasMessageContaining("receivers.otlp.grpc.tls.cert-file").hasMessageContaining("readable file");
        assertThatThrownBy(() -> parse("http.cors.allowed-origins = [\"https://*.*.com\"]"))
                .hasMessageContaining("receivers.otlp.http.cors.allowed-origins");
        assertThatThrownBy(() -> parse("grpc.enabled = false\nhttp.enabled = false"))
                .hasMessageContaining("receivers.otlp.http.enabled");
    }

    @Test
    void everyMistakeIsReportedInOneRun() {
        assertThat(TestConfigs.problems(factory, """
                grpc { endpoint = "nowhere", max-concurrent-streams = 0, tls.cert-file = "/no/such/cert.pem" }
                http { max-connections = -1, cors.max-age = -1s }
                retry-after = 0s
                """)).satisfiesExactly(
                        p -> assertThat(p).contains("receivers.otlp.grpc.endpoint"),
                        p -> assertThat(p).contains("receivers.otlp.grpc.max-concurrent-streams"),
                        p -> assertThat(p).contains("receivers.otlp.grpc.tls.key-file"),
                        p -> assertThat(p).contains("receivers.otlp.http.cors.max-age"),
                        p -> assertThat(p).contains("receivers.otlp.http.max-connections"),
                        p -> assertThat(p).contains("receivers.otlp.retry-after"));
    }

    @Test
    void unknownKeysStayUnreadSoTheRuntimeCanReportThem() {
        Settings s = Settings.of(ConfigFactory.parseString("grpc { endpont = \"x\" }\nhttp.endpoint = \"127.0.0.1:1\""),
                "receivers.otlp", "pipelines.conf");
        factory.readConfig(s);
        assertThat(s.unreadKeys()).containsExactly("grpc.endpont");
    }
}
