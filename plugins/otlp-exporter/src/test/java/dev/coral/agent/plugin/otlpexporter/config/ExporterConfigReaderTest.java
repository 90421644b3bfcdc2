package dev.coral.agent.plugin.otlpexporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.plugin.otlpexporter.OtlpExporterFactory;
import dev.coral.agent.plugin.otlpexporter.OtlpHttpExporterFactory;
import dev.coral.agent.testkit.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterConfigReaderTest {
    private final ExporterFactory<ExporterConfig> grpc = new OtlpExporterFactory().factory();
    private final ExporterFactory<ExporterConfig> http = new OtlpHttpExporterFactory().factory();

    /** The Collector's default endpoints as values parsed: nothing here opens a socket. */
    @Test
    void anEmptyBlockGivesTheCollectorsDefaults() {
        ExporterConfig c = TestConfigs.read(grpc, "");
        assertThat(c.upstream()).isEqualTo(new Upstream("localhost", 4317, false, false, ""));
        assertThat(c.usesTls()).as("the Collector's otlp exporter uses TLS unless tls.insecure").isTrue();
        assertThat(c.compression()).isEqualTo(Compression.GZIP);
        assertThat(c.encoding()).isEqualTo(Encoding.PROTO);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retry()).isEqualTo(RetrySettings.defaults());
        assertThat(c.queue()).isEqualTo(new QueueSettings(true, 10, Optional.empty(), 256L << 20, FullPolicy.BLOCK));
        assertThat(c.batch()).isEqualTo(new BatchSettings(8192, Duration.ofMillis(200), 3L << 20));
        assertThat(TestConfigs.read(http, "").upstream().httpUri("/v1/traces"))
                .hasToString("http://localhost:4318/v1/traces");
    }

    @Test
    void readsEveryKey(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        ExporterConfig c = TestConfigs.read(grpc, """
                endpoint = "collector.example:14317"
                compression = none
                headers { api-key = secret, "x-scope" = tenant-1 }
                tls { insecure = false, ca_file = "%s" }
                timeout = 2s
                retry_on_failure { enabled = true, initial_interval = 1s, randomization_factor = 0, multiplier = 2,
                                   max_interval = 4s, max_elapsed_time = 0 }
                sending_queue { enabled = true, num_consumers = 3, storage_dir = "%s", max_bytes = 8MiB,
                                full_policy = drop_oldest }
                batch { send_batch_size = 100, timeout = 0, max_request_bytes = 1MiB }
                """.formatted(ca, dir.resolve("q")));
        assertThat(c.upstream().host()).isEqualTo("collector.example");
        assertThat(c.upstream().port()).isEqualTo(14317);
        assertThat(c.compression()).isEqualTo(Compression.NONE);
        assertThat(c.headers()).isEqualTo(Map.of("api-key", "secret", "x-scope", "tenant-1"));
        assertThat(c.tls().caFile()).contains(ca);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.retry()).isEqualTo(new RetrySettings(true, Duration.ofSeconds(1), 0, 2, Duration.ofSeconds(4),
                Duration.ZERO));
        assertThat(c.queue()).isEqualTo(new QueueSettings(true, 3, Optional.of(dir.resolve("q")), 8L << 20,
                FullPolicy.DROP_OLDEST));
        assertThat(c.batch()).isEqualTo(new BatchSettings(100, Duration.ZERO, 1L << 20));
    }

    @Test
    void aSchemeDecidesTlsForGrpc() {
        assertThat(TestConfigs.read(grpc, "endpoint = \"http://127.0.0.1:14317\"").usesTls()).isFalse();
        assertThat(TestConfigs.read(grpc, "endpoint = \"https://127.0.0.1:14317\"").usesTls()).isTrue();
        assertThat(TestConfigs.read(grpc, "endpoint = \"127.0.0.1:14317\", tls.insecure = true").usesTls()).isFalse();
        assertThat(TestConfigs.read(http, "endpoint = \"https://otlp.example/otlp\"").upstream().httpUri("/v1/logs"))
                .hasToString("https://otlp.example:443/otlp/v1/logs");
    }

    @Test
    void everyMistakeIsReportedWithItsKey() {
        assertThat(TestConfigs.problems(grpc, """
                endpoint = "no port"
                compression = zstd
                tls { ca_file = "/nonexistent/ca.pem", cert_file = "/nonexistent/c.pem" }
                timeout = 0s
                retry_on_failure { multiplier = 0.5, initial_interval = 10s, max_interval = 1s }
                sending_queue { num_consumers = 0, max_bytes = 1k, full_policy = wait }
                batch { send_batch_size = 0 }
                """)).containsExactly(
                "test.conf:1: exporters.otlp.endpoint: expected host:port such as \"collector:4317\" (or http://host:port, https://host:port), got \"no port\"",
                "test.conf:2: exporters.otlp.compression: expected gzip or none, got \"zstd\"",
                "test.conf:3: exporters.otlp.tls.ca_file: expected a readable PEM file (/nonexistent/ca.pem is not), got \"/nonexistent/ca.pem\"",
                "test.conf:3: exporters.otlp.tls.cert_file: expected a readable PEM file (/nonexistent/c.pem is not), got \"/nonexistent/c.pem\"",
                "test.conf:4: exporters.otlp.timeout: expected a positive duration such as 5s, got \"0s\"",
                "test.conf:5: exporters.otlp.retry_on_failure.multiplier: expected a number of at least 1, got 0.5",
                "test.conf:5: exporters.otlp.retry_on_failure.max_interval: expected at least initial_interval (PT10S), got \"1s\"",
                "test.conf:6: exporters.otlp.sending_queue.num_consumers: expected 1 to 256, got 0",
                "test.conf:6: exporters.otlp.sending_queue.max_bytes: expected a size of at least 1MiB, got \"1k\"",
                "test.conf:6: exporters.otlp.sending_queue.full_policy: expected block or drop_oldest, got \"wait\"",
                "test.conf:7: exporters.otlp.batch.send_batch_size: expected a positive number of items, got 0");
        assertThat(TestConfigs.read(http, "encoding = json").encoding()).isEqualTo(Encoding.JSON);
        assertThat(TestConfigs.problems(grpc, "encoding = json")).containsExactly(
                "test.conf:1: exporters.otlp.encoding: expected proto (gRPC carries protobuf; JSON is for otlphttp), got \"json\"");
        assertThat(TestConfigs.problems(http, "endpoint = \"collector:14318\"")).containsExactly(
                "test.conf:1: exporters.otlphttp.endpoint: expected a URL such as \"http://collector:4318\" (the signal's path /v1/traces... is appended), got \"collector:14318\"");
    }
}
