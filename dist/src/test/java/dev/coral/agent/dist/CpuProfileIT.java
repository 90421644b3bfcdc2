package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled cpu-profiler on the default pipelines.conf, as a user meets it: a C program burns
 * CPU in hot_a, the agent samples every CPU, and after its 15 s cycles {@code coral-agent
 * cpu-profile} draws it (SVG) and exports it (pprof).
 */
class CpuProfileIT {
    @TempDir
    Path dir;

    @Test
    void afterTwoCyclesTheFlameGraphNamesTheHotFunction() throws Exception {
        Path program = BurnProgram.compile(dir);
        Distribution dist = Distribution.copyInto(dir.resolve("dist"));
        try (RunningAgent agent = new RunningAgent(dist).start()) {
            assumeTrue(!dist.stderr().contains("cpu profiler disabled"),
                    () -> "SKIP: " + dist.stderr().lines().filter(l -> l.contains("disabled")).findFirst().orElse(""));
            Process burning = BurnProgram.burn(program, 40);
            try {
                Path svg = dir.resolve("cpu.svg");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    Distribution.Result r = dist.run("cpu-profile", "--agent", agent.apiAddress(), "--since", "5m",
                            "--format", "svg", "-o", svg.toString());
                    assertThat(r.exitCode()).as(r.stderr()).isZero();
                    assertThat(Files.readString(svg)).contains("hot_a");
                });
                assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg").endsWith("</svg>\n");

                Path pprof = dir.resolve("cpu.pb.gz");
                Distribution.Result r = dist.run("cpu-profile", "--agent", agent.apiAddress(), "--since", "5m",
                        "--format", "pprof", "-o", pprof.toString());
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(pprof)))) {
                    UnknownFieldSet profile = UnknownFieldSet.parseFrom(in.readAllBytes());
                    // profile.proto: 2 = sample, 6 = string_table; hot_a is among the strings.
                    assertThat(profile.getField(2).getLengthDelimitedList()).isNotEmpty();
                    assertThat(profile.getField(6).getLengthDelimitedList())
                            .anySatisfy(s -> assertThat(s.toStringUtf8()).isEqualTo("hot_a"));
                }
            } finally {
                burning.destroy();
            }
        }
    }
}
