package dev.coral.agent.plugin.otlpexporter.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.plugin.otlpexporter.Requests;
import dev.coral.agent.plugin.otlpexporter.RunningExporter;
import dev.coral.agent.plugin.otlpexporter.stub.Recorded;
import dev.coral.agent.plugin.otlpexporter.stub.SelfSignedCertificate;
import dev.coral.agent.plugin.otlpexporter.stub.StubUpstream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes on the wire, as a stub upstream (not the agent's receiver) records them. */
class WireTest {
    @TempDir
    static Path certDir;
    @TempDir
    Path data;
    private static SelfSignedCertificate cert;

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.create(certDir);
    }

    @Test
    void grpcSendsProtobufGzipAndHeadersForEverySignal() throws Exception {
        try (StubUpstream upstream = StubUpstream.grpc(null);
             RunningExporter exporter = RunningExporter.grpc("""
                     endpoint = "http://127.0.0.1:%d"
                     headers { api-key = secret-1, x-tenant = blue }
                     batch.timeout = 0
                     """.formatted(upstream.port()), data)) {
            ExportTraceServiceRequest traces = Requests.traces("checkout", 3);
            exporter.traces.consume(traces).toCompletableFuture().get(10, TimeUnit.SECONDS);
            exporter.metrics.consume(Requests.metrics("checkout", 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            exporter.logs.consume(Requests.logs("checkout", 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 3);

            Recorded t = upstream.requests().stream().filter(r -> r.path().contains("TraceService")).findFirst()
                    .orElseThrow();
            assertThat(t.path()).isEqualTo("opentelemetry.proto.collector.trace.v1.TraceService/Export");
            assertThat(t.headers()).containsEntry("api-key", "secret-1").containsEntry("x-tenant", "blue")
                    .containsEntry("grpc-encoding", "gzip").containsEntry("content-type", "application/grpc");
            assertThat(ExportTraceServiceRequest.parseFrom(t.body())).isEqualTo(traces);
            assertThat(upstream.requests()).extracting(Recorded::path).containsExactlyInAnyOrder(
                    "opentelemetry.proto.collector.trace.v1.TraceService/Export",
                    "opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
                    "opentelemetry.proto.collector.logs.v1.LogsService/Export");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(exporter.counter("otelcol_exporter_sent_spans")).isEqualTo(3);
                assertThat(exporter.counter("otelcol_exporter_sent_metric_points")).isEqualTo(2);
                assertThat(exporter.counter("otelcol_exporter_sent_log_records")).isEqualTo(4);
            });
        }
    }

    @Test
    void httpSendsGzippedProtobufToTheSignalsPath() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null);
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "http://127.0.0.1:%d/prefix"
                     headers { authorization = "Bearer t0k3n" }
                     batch.timeout = 0
                     """.formatted(upstream.port()), data)) {
            ExportMetricsServiceRequest metrics = Requests.metrics("db", 5);
            ExportLogsServiceRequest logs = Requests.logs("db", 2);
            exporter.metrics.consume(metrics).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 1);
            exporter.logs.consume(logs).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 2);

            Recorded m = upstream.requests().get(0);
            assertThat(m.path()).isEqualTo("/prefix/v1/metrics");
            assertThat(m.headers()).containsEntry("content-type", "application/x-protobuf")
                    .containsEntry("content-encoding", "gzip").containsEntry("authorization", "Bearer t0k3n");
            assertThat(m.wireBody()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
            assertThat(m.wireBody()[1] & 0xff).isEqualTo(0x8b);
            assertThat(ExportMetricsServiceRequest.parseFrom(m.body())).isEqualTo(metrics);
            assertThat(upstream.requests().get(1).path()).isEqualTo("/prefix/v1/logs");
            assertThat(ExportLogsServiceRequest.parseFrom(upstream.requests().get(1).body())).isEqualTo(logs);
        }
    }

    @Test
    void jsonEncodingSendsOtlpJsonWithHexIds() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null);
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "http://127.0.0.1:%d", encoding = json, batch.timeout = 0
                     """.formatted(upstream.port()), data)) {
            ExportTraceServiceRequest traces = Requests.traces("web", 2);
            exporter.traces.consume(traces).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 1);
            Recorded r = upstream.requests().getFirst();
            assertThat(r.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("content-encoding", "gzip");
            String json = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            var span = traces.getResourceSpans(0).getScopeSpans(0).getSpans(0);
            assertThat(json).startsWith("{\"resourceSpans\":[")
                    .contains("\"traceId\":\"" + java.util.HexFormat.of().formatHex(span.getTraceId().toByteArray()) + "\"")
                    .contains("\"spanId\":\"" + java.util.HexFormat.of().formatHex(span.getSpanId().toByteArray()) + "\"");
            var parsed = ExportTraceServiceRequest.newBuilder();
            new dev.coral.agent.support.otlp.OtlpJson().merge(r.body(), parsed);
            assertThat(parsed.build()).isEqualTo(traces);
        }
    }

    @Test
    void compressionNoneSendsPlainProtobuf() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null);
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "http://127.0.0.1:%d", compression = none, batch.timeout = 0
                     """.formatted(upstream.port()), data)) {
            ExportTraceServiceRequest traces = Requests.traces("web", 2);
            exporter.traces.consume(traces).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests().size() == 1);
            assertThat(upstream.requests().getFirst().headers()).doesNotContainKey("content-encoding");
            assertThat(upstream.requests().getFirst().wireBody()).isEqualTo(traces.toByteArray());
        }
    }

    @Test
    void tlsVerifiesTheUpstreamAgainstTheCaFile() throws Exception {
        try (StubUpstream grpc = StubUpstream.grpc(cert.keyManagers());
             StubUpstream http = StubUpstream.http(cert.serverContext());
             RunningExporter overGrpc = RunningExporter.grpc("""
                     endpoint = "127.0.0.1:%d", tls.ca_file = "%s", batch.timeout = 0
                     """.formatted(grpc.port(), cert.certificatePem()), data.resolve("a"));
             RunningExporter overHttp = RunningExporter.http("""
                     endpoint = "https://127.0.0.1:%d", tls.ca_file = "%s", batch.timeout = 0
                     """.formatted(http.port(), cert.certificatePem()), data.resolve("b"))) {
            overGrpc.traces.consume(Requests.traces("tls", 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            overHttp.traces.consume(Requests.traces("tls", 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(overGrpc.counter("otelcol_exporter_sent_spans")).isEqualTo(2);
                assertThat(overHttp.counter("otelcol_exporter_sent_spans")).isEqualTo(3);
            });
            assertThat(grpc.requests()).hasSize(1);
            assertThat(http.requests()).hasSize(1);
        }
    }

    @Test
    void aClientCertificateIsPresentedWhenTheUpstreamRequiresOne() throws Exception {
        SelfSignedCertificate client = SelfSignedCertificate.create(certDir, "client");
        try (StubUpstream grpc = StubUpstream.grpc(cert.keyManagers(), client.trustManagers());
             StubUpstream http = StubUpstream.http(cert.serverContextTrusting(client), true);
             RunningExporter overGrpc = RunningExporter.grpc("""
                     endpoint = "127.0.0.1:%d", batch.timeout = 0
                     tls { ca_file = "%s", cert_file = "%s", key_file = "%s" }
                     """.formatted(grpc.port(), cert.certificatePem(), client.certificatePem(), client.privateKeyPem()),
                     data.resolve("a"));
             RunningExporter overHttp = RunningExporter.http("""
                     endpoint = "https://127.0.0.1:%d", batch.timeout = 0
                     tls { ca_file = "%s", cert_file = "%s", key_file = "%s" }
                     """.formatted(http.port(), cert.certificatePem(), client.certificatePem(), client.privateKeyPem()),
                     data.resolve("b"));
             RunningExporter withoutCertificate = RunningExporter.http("""
                     endpoint = "https://127.0.0.1:%d", batch.timeout = 0, retry_on_failure.enabled = false
                     tls { ca_file = "%s" }
                     """.formatted(http.port(), cert.certificatePem()), data.resolve("c"))) {
            overGrpc.traces.consume(Requests.traces("mtls", 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            overHttp.traces.consume(Requests.traces("mtls", 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            withoutCertificate.traces.consume(Requests.traces("mtls", 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(overGrpc.counter("otelcol_exporter_sent_spans")).isEqualTo(2);
                assertThat(overHttp.counter("otelcol_exporter_sent_spans")).isEqualTo(3);
                assertThat(withoutCertificate.counter("otelcol_exporter_send_failed_spans")).isEqualTo(4);
            });
            assertThat(grpc.requests()).hasSize(1);
            assertThat(http.requests()).as("only the exporter with the client certificate got through").hasSize(1);
        }
    }

    @Test
    void anUntrustedCertificateIsNeverSentTo() throws Exception {
        try (StubUpstream http = StubUpstream.http(cert.serverContext());
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "https://127.0.0.1:%d", batch.timeout = 0, retry_on_failure.enabled = false
                     """.formatted(http.port()), data)) {
            exporter.traces.consume(Requests.traces("tls", 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.counter("otelcol_exporter_send_failed_spans") == 2);
            assertThat(http.requests()).isEmpty();
            assertThat(exporter.counter("otelcol_exporter_sent_spans")).isZero();
        }
    }
}
