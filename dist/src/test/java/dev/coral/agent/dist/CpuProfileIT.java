package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                    List<String> strings = profile.getField(6).getLengthDelimitedList().stream()
                            .map(ByteString::toStringUtf8).toList();
                    assertThat(strings).contains("hot_a");
                    // 3 = mapping; in a Mapping, 5 = filename and 6 = build_id, as indexes into the strings.
                    String buildId = readelfBuildId(program);
                    assertThat(profile.getField(3).getLengthDelimitedList()).anySatisfy(bytes -> {
                        UnknownFieldSet mapping = UnknownFieldSet.parseFrom(bytes);
                        assertThat(strings.get((int) (long) mapping.getField(6).getVarintList().getFirst()))
                                .isEqualTo(buildId);
                        assertThat(strings.get((int) (long) mapping.getField(5).getVarintList().getFirst()))
                                .endsWith("/burn");
                    });
                }
            } finally {
                burning.destroy();
            }
        }
    }

    /** The GNU build id as {@code readelf -n} prints it. */
    private static String readelfBuildId(Path program) throws Exception {
        Process readelf = new ProcessBuilder("readelf", "-n", program.toString()).redirectErrorStream(true).start();
        String notes = new String(readelf.getInputStream().readAllBytes());
        assertThat(readelf.waitFor()).as(notes).isZero();
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(notes);
        assertThat(m.find()).as(notes).isTrue();
        return m.group(1);
    }
}
