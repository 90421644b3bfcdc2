package dev.coral.agent.plugin.otlp.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.otlp.support.ReceiverLauncher;
import dev.coral.agent.support.testing.Requests;
import dev.coral.agent.support.testing.ServerFixture;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenTelemetry Java agent (the released jar) instruments a real HTTP server in a child
 * JVM; its SERVER spans must reach the receiver with the service name the app was given.
 */
class JavaAgentTest {
    private static final String SERVICE = "coral-agent-test-app";

    @ParameterizedTest
    @ValueSource(strings = {"http/protobuf", "grpc"})
    void serverSpansOfAnInstrumentedAppArrive(String protocol) throws Exception {
        Path agentJar = Path.of(System.getProperty("otel.javaagent.jar", ""));
        assertThat(agentJar).as("the opentelemetry-javaagent jar (set by the build)").isRegularFile();
        try (ServerFixture fx = ServerFixture.start("", List.of(Signal.TRACES), 64L << 20, new ReceiverLauncher())) {
            String endpoint = "http://127.0.0.1:" + (protocol.equals("grpc") ? fx.grpcPort() : fx.httpPort());
            Process app = startApp(agentJar, endpoint, protocol);
            try {
                int port = readPort(app);
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/hello?i=" + i))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                        .until(() -> serverSpans(fx).size() >= 3);
                Span span = serverSpans(fx).getFirst();
                assertThat(span.getName()).startsWith("GET");
                assertThat(span.getTraceId().size()).isEqualTo(16);
                assertThat(span.getAttributesList()).anySatisfy(kv -> {
                    assertThat(kv.getKey()).isEqualTo("http.response.status_code");
                    assertThat(kv.getValue().getIntValue()).isEqualTo(200);
                });
                String transport = protocol.equals("grpc") ? "grpc" : "http";
                assertThat(fx.counter("otelcol_receiver_accepted_spans", transport)).isGreaterThanOrEqualTo(3);
            } finally {
                app.getOutputStream().close();
                if (!app.waitFor(10, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static List<Span> serverSpans(ServerFixture fx) {
        List<Span> out = new ArrayList<>();
        for (var request : fx.traces.batches()) {
            for (var rs : request.getResourceSpansList()) {
                if (!Requests.serviceName(rs).equals(SERVICE)) {
                    continue;
                }
                for (var ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        if (s.getKind() == Span.SpanKind.SPAN_KIND_SERVER) {
                            out.add(s);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Process startApp(Path agentJar, String endpoint, String protocol) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java,
                "-javaagent:" + agentJar.toAbsolutePath(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
                TinyHttpServer.class.getName());
        var env = pb.environment();
        env.put("OTEL_SERVICE_NAME", SERVICE);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
        env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
        env.put("OTEL_JAVAAGENT_LOGGING", "simple");
        Path log = Files.createTempFile("javaagent-app", ".log");
        pb.redirectError(log.toFile());
        return pb.start();
    }

    private static int readPort(Process app) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).strip());
                    }
                }
                throw new IllegalStateException("the app exited before printing its port");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }

}
