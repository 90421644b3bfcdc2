package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kill -HUP`: the real agent re-reads its config; a bad file changes nothing; SIGTERM still exits 0. */
class ReloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final int grpc = Distribution.freePort();
    final int http = Distribution.freePort();
    final int api = Distribution.freePort();

    @Test
    void sighupAppliesAValidConfigKeepsTheRunningOneOnAnInvalidOneAndSigtermStillExitsZero() throws Exception {
        // A process started under nohup ignores SIGHUP, and so does every agent it starts (the JVM keeps it).
        boolean hupIgnored = (Long.parseUnsignedLong(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).trim(), 16) & 1) != 0;
        if (hupIgnored) {
            System.out.println("SKIP: SIGHUP is ignored in this process (run under nohup?): the agent cannot be sent one");
        }
        Assumptions.assumeFalse(hupIgnored, "SIGHUP is ignored in this process");
        Distribution dist = Distribution.copyInto(dir);
        Path conf = dist.writeConfig(config("", ""));
        Process agent = dist.start(Map.of(), "run", "--config", conf.toString());
        try {
            RunIT.awaitListening(agent, grpc);
            RunIT.awaitListening(agent, api);
            assertThat(pipelines()).containsExactly("traces");
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "before", 10))).isTrue();

            // A new pipeline: applied on SIGHUP, the stored spans drained and kept, the agent still up.
            dist.writeConfig(config("exporters { nop {} }",
                    "\"traces/debug\" { receivers = [otlp], exporters = [nop] }"));
            hangUp(agent);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(pipelines()).containsExactly("traces", "traces/debug"));
            } catch (AssertionError | RuntimeException e) {
                System.out.println("agent log:\n" + dist.stderr());
                throw e;
            }
            assertThat(dist.stderr()).contains("pipelines stopped for a config reload")
                    .containsPattern("config reloaded file=" + conf + " pipelines=2 components=4 reload_ms=\\d+")
                    .doesNotContain("agent stopped");
            RunIT.awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "after", 5))).isTrue();

            // A broken file: the errors are logged with file:line: key, nothing running changes.
            dist.writeConfig(config("exporters { nop {} }",
                    "\"traces/debug\" { receivers = [otlp], exporters = [nop] }")
                    .replace("sample-rate = 0.10", "sample-rate = \"lots\""));
            hangUp(agent);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> dist.stderr().contains("config reload rejected"));
            assertThat(dist.stderr()).contains("config error: " + conf + ":4: processors.static-filter.sample-rate:")
                    .contains("config reload rejected, the running pipelines are unchanged file=" + conf + " errors=1");
            assertThat(agent.isAlive()).isTrue();
            assertThat(pipelines()).containsExactly("traces", "traces/debug");
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "still", 3))).isTrue();
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(dist.stderr()).contains("agent stopped").doesNotContain("Exception");
        assertThat(SpanTable.rows(dist.home.resolve("data"))).hasSize(18);
    }

    /** The config under test, on known lines: line 4 holds the filter's sample rate. */
    private String config(String extraSections, String extraPipeline) {
        return """
                agent { api.listen = ["127.0.0.1:%d"] }
                receivers { otlp { grpc.endpoint = "127.0.0.1:%d", http.endpoint = "127.0.0.1:%d" } }
                processors {
                  static-filter { always-capture-errors = true, sample-rate = 0.10 }
                }
                stores { duckdb {} }
                %s
                pipelines {
                  traces { receivers = [otlp], processors = [static-filter], stores = [duckdb] }
                  %s
                }
                """.formatted(api, grpc, http, extraSections, extraPipeline);
    }

    private List<String> pipelines() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api + "/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        JSON.readTree(r.body()).path("pipelines").forEach((JsonNode p) -> names.add(p.path("name").asText()));
        return names;
    }

    private static void hangUp(Process agent) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
