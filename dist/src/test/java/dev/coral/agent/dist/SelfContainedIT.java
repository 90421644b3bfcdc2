package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-contained tarball runs on its own jlink runtime, with no JDK found on the host. */
class SelfContainedIT {
    @TempDir
    Path dir;

    @Test
    void runsTheDefaultPipelineOnItsBundledRuntime() throws Exception {
        Path tarball = Path.of(System.getProperty("coral.selfcontained"));
        Process untar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(untar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(untar.exitValue()).isZero();
        Distribution dist = Distribution.at(dir.resolve("coral-agent"));
        assertThat(dist.home.resolve("runtime").resolve("bin").resolve("java")).isExecutable();

        // No JAVA_HOME and only the host's old java on PATH: the log proves which runtime ran.
        Map<String, String> noJava = Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", "/nonexistent");
        int grpc = Distribution.freePort();
        int http = Distribution.freePort();
        Process agent = dist.start(Map.of("PATH", noJava.get("PATH"), "JAVA_HOME", noJava.get("JAVA_HOME"),
                "CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc, "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http), "run");
        try {
            RunIT.awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("inventory", "reserve", 5))).isTrue();
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(SpanTable.rows(dist.home.resolve("data"))).hasSize(5);
        assertThat(Files.readString(dist.home.resolve("stderr.log"))).doesNotContain("ERROR")
                .contains("java_home=" + dist.home.resolve("runtime"));
    }
}
