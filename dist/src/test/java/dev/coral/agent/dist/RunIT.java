package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `coral-agent run`: takes spans from a real SDK, stops cleanly on SIGTERM with them on disk. */
class RunIT {
    @TempDir
    Path dir;

    Distribution dist;

    @BeforeEach
    void copy() {
        dist = Distribution.copyInto(dir);
    }

    @Test
    void runsTheDefaultPipelineAndExitsZeroOnSigtermWithEverySpanStored() throws Exception {
        int grpc = Distribution.freePort();
        int http = Distribution.freePort();
        Process agent = dist.start(Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc, "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http), "run");
        try {
            awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "GET /cart", 25))).isTrue();
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(SpanTable.rows(dist.home.resolve("data"))).hasSize(25)
                .allSatisfy(row -> assertThat(row).startsWith("checkout|GET /cart-"));
        assertThat(dist.stderr()).contains("agent started").contains("agent stopped").doesNotContain("ERROR");
    }

    @Test
    void componentThatCannotStartIsNamedAndTheAgentExitsNonZero() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int http = Distribution.freePort();
            Process agent = dist.start(Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + taken.getLocalPort(),
                    "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http), "run");
            assertThat(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).isEqualTo(1);
            assertThat(dist.stderr()).contains("receiver 'otlp' could not be started");
            // Nothing half-started stays behind: the HTTP port is free again.
            try (ServerSocket again = new ServerSocket(http, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).isTrue();
            }
        }
    }

    @Test
    void anApiPortAReceiverAlreadyHoldsNamesTheSettingAndTheAddressAndExitsOne() throws Exception {
        int grpc = Distribution.freePort();
        int http = Distribution.freePort();
        Process agent = dist.start(Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc,
                "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http, "CORAL_API_LISTEN", "127.0.0.1:" + grpc), "run");
        assertThat(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).as(dist.stderr()).isEqualTo(1);
        assertThat(dist.stderr()).contains("coral-agent: agent.api.listen: cannot bind 127.0.0.1:" + grpc
                + ": Address already in use");
        // The receivers that had started are stopped: their ports are free again.
        for (int port : new int[] {grpc, http}) {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).isTrue();
            }
        }
    }

    @Test
    void anApiAddressListedTwiceFailsValidateWithFileLineAndKey() {
        Path conf = dist.writeConfig("""
                agent {
                  api.listen = ["127.0.0.1:19001", "127.0.0.1:19001"]
                }
                receivers { otlp {} }
                exporters { nop {} }
                pipelines { traces { receivers = [otlp], exporters = [nop] } }
                """);
        Distribution.Result r = dist.run("validate", "--config", conf.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).isEqualTo("config error: " + conf
                + ":2: agent.api.listen: 127.0.0.1:19001 is listed twice; each address can be bound only once");
    }

    static void awaitListening(Process agent, int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!agent.isAlive()) {
                throw new AssertionError("agent exited with " + agent.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }
}
