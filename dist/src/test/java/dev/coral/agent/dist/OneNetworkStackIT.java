package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One network stack in the process: the distribution carries one grpc-java and one Netty, in
 * its lib/ (no Jetty, no grpc-netty-shaded, none in a plugin's lib/), and the running default
 * pipeline serves OTLP/gRPC, OTLP/HTTP and the Agent API on one shared set of event loops.
 */
class OneNetworkStackIT {
    @TempDir
    Path dir;

    @Test
    void theDistributionCarriesOneGrpcAndOneNettyInItsLib() throws IOException {
        Distribution dist = Distribution.copyInto(dir);
        List<String> lib = jars(dist.home.resolve("lib"));
        assertThat(lib).anyMatch(j -> j.startsWith("grpc-netty-1.")).anyMatch(j -> j.startsWith("netty-transport-4."))
                .anyMatch(j -> j.startsWith("plugin-support-"))
                .noneMatch(j -> j.startsWith("grpc-netty-shaded") || j.startsWith("jetty-"));
        try (Stream<Path> plugins = Files.list(dist.home.resolve("plugins"))) {
            for (Path plugin : plugins.toList()) {
                assertThat(jars(plugin.resolve("lib"))).as(plugin.getFileName().toString())
                        .noneMatch(j -> j.startsWith("grpc-") || j.startsWith("netty-") || j.startsWith("plugin-support-")
                                || j.startsWith("guava-"));
            }
        }
    }

    @Test
    void otlpAndTheApiShareOneSetOfEventLoops() throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        int grpc = Distribution.freePort();
        int http = Distribution.freePort();
        int api = Distribution.freePort();
        Process agent = dist.start(Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc,
                "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http, "CORAL_API_LISTEN", "127.0.0.1:" + api), "run");
        try {
            RunIT.awaitListening(agent, grpc);
            RunIT.awaitListening(agent, api);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "GET /cart", 3))).isTrue();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> otlpHttp = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/v1/traces")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(otlpHttp.statusCode()).isEqualTo(200);
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);

            String threads = threadDump(agent.pid());
            assertThat(threads).contains("\"coral-net-accept-").contains("\"coral-net-");
            // No event loops of a server's own: grpc-java's, the OTLP/HTTP server's, Jetty's.
            assertThat(threads).doesNotContain("\"grpc-default-boss").doesNotContain("\"grpc-default-worker")
                    .doesNotContain("\"grpc-nio-").doesNotContain("\"otlp-http").doesNotContainPattern("\"agent-api-[0-9]");
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(dist.stderr()).doesNotContain("ERROR");
    }

    private static List<String> jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".jar")).toList();
        }
    }

    /** The agent's threads by name, from the JDK that runs this test. */
    private static String threadDump(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("jcmd output").contains("Full thread dump");
        return out;
    }
}
