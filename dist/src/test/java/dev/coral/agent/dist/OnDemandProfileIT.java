package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-demand {@code ProfileCPU} through the Agent API, as the colony asks it (Connect JSON over
 * HTTP/1.1): a C program burning in hot_a, named "checkout" only by the {@code process.pid} of
 * its spans, is profiled at 99 Hz for 5 s by service name; the continuous profile goes on and
 * names it by its spans too. And where the kernel refuses profiling, the agent says so in
 * {@code /status} and serves on.
 */
class OnDemandProfileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROFILE_CPU = "/coral.agent.v1.AgentDebugService/ProfileCPU";
    private static final Pattern SAMPLES = Pattern.compile("(?m)^coral_profiler_samples_total\\{[^}]*} (\\d+)$");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void profileCpuByTheServiceItsSpansNameWhileTheContinuousProfileGoesOn() throws Exception {
        Path program = BurnProgram.compile(dir);
        Distribution dist = Distribution.copyInto(dir.resolve("dist"));
        try (RunningAgent agent = new RunningAgent(dist).start()) {
            assumeTrue(!dist.stderr().contains("cpu profiler disabled"),
                    () -> "SKIP: " + dist.stderr().lines().filter(l -> l.contains("disabled")).findFirst().orElse(""));
            Process burning = BurnProgram.burn(program, 60);
            try {
                Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.longKey("process.pid"), burning.pid()));
                assertThat(OtlpClient.exportGrpc(agent.otlpGrpc, OtlpClient.errorSpans(resource, "GET /cart", 3)))
                        .as(dist.stderr()).isTrue();

                double cpuBefore = cpuSeconds(burning.pid());
                HttpResponse<String> answer = post(agent, PROFILE_CPU,
                        "{\"serviceName\": \"checkout\", \"durationSeconds\": 5, \"frequencyHz\": 99}");
                double cpuSeconds = cpuSeconds(burning.pid()) - cpuBefore;
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode profile = JSON.readTree(answer.body());
                assertThat(profile.path("success").asBoolean()).as(answer.body()).isTrue();
                assertThat(profile.path("samples")).anySatisfy(stack ->
                        assertThat(stack.path("frameNames").get(0).asText()).isEqualTo("hot_a"));
                // At most 99 samples per second the program ran on a CPU; cpuSeconds also spans the call's own
                // set-up and naming, so the floor is loose, yet above anything the continuous 19 Hz would give.
                assertThat((double) profile.path("totalSamples").asLong())
                        .isBetween(0.35 * 99 * cpuSeconds, 1.15 * 99 * cpuSeconds + 10);
                long continuousAfterOnDemand = samplesCounter(agent);

                Path folded = dir.resolve("checkout.folded");
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    Distribution.Result r = dist.run("cpu-profile", "--agent", agent.apiAddress(), "--since", "5m",
                            "--service", "checkout", "--format", "folded", "-o", folded.toString());
                    assertThat(r.exitCode()).as(r.stderr()).isZero();
                    assertThat(Files.readString(folded)).contains("hot_a");
                    assertThat(samplesCounter(agent)).isGreaterThan(continuousAfterOnDemand);
                });
            } finally {
                burning.destroy();
            }

            HttpResponse<String> gone = post(agent, PROFILE_CPU, "{\"pid\": " + Integer.MAX_VALUE + ", \"durationSeconds\": 1}");
            JsonNode refused = JSON.readTree(gone.body());
            assertThat(refused.path("success").asBoolean()).isFalse();
            assertThat(refused.path("error").asText()).contains("no process with pid " + Integer.MAX_VALUE);
        }
    }

    @Test
    void withoutCapabilitiesTheStatusSaysWhyAndTheAgentServesOn() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        int paranoid = Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
        skipUnless(Files.isExecutable(setpriv), "setpriv not installed");
        skipUnless(paranoid > 0, "kernel.perf_event_paranoid=" + paranoid + " lets anyone sample all CPUs");
        skipUnless("root".equals(System.getProperty("user.name")), "not root: the agent already runs unprivileged");

        Distribution dist = Distribution.copyInto(dir.resolve("dist"));
        try (RunningAgent agent = new RunningAgent(dist)
                .startUnder(List.of(setpriv.toString(), "--inh-caps=-all", "--bounding-set=-all"))) {
            JsonNode status = JSON.readTree(get(agent, "/status").body());
            JsonNode profiler = null;
            for (JsonNode c : status.path("components")) {
                if (c.path("id").asText().equals("cpu-profiler")) {
                    profiler = c;
                }
            }
            assertThat(profiler).as(status.toString()).isNotNull();
            assertThat(profiler.path("health").asText()).isEqualTo("DEGRADED");
            assertThat(profiler.path("message").asText()).startsWith("disabled: ")
                    .contains("kernel.perf_event_paranoid").contains("CAP_PERFMON");
            assertThat(dist.stderr().lines().filter(l -> l.contains("cpu profiler disabled"))).hasSize(1);

            assertThat(OtlpClient.exportGrpc(agent.otlpGrpc, OtlpClient.errorSpans("checkout", "GET /cart", 5)))
                    .as(dist.stderr()).isTrue();
            JsonNode onDemand = JSON.readTree(post(agent, PROFILE_CPU, "{\"pid\": 1, \"durationSeconds\": 1}").body());
            assertThat(onDemand.path("success").asBoolean()).isFalse();
            assertThat(onDemand.path("error").asText()).contains("disabled: ");
        }
    }

    /** CPU time of a live process so far: utime + stime of /proc/pid/stat, in USER_HZ (100) ticks. */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private long samplesCounter(RunningAgent agent) throws Exception {
        Matcher m = SAMPLES.matcher(get(agent, "/metrics").body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private HttpResponse<String> get(RunningAgent agent, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + agent.apiAddress() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(RunningAgent agent, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + agent.apiAddress() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIP: " + reason);
        }
        assumeTrue(condition, reason);
    }
}
