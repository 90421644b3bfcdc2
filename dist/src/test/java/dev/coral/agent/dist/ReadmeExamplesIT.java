package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples run as written: every {@code bash} block after the first (the first is
 * the build and the suite, which CI runs) runs in order, from a directory laid out as the
 * repository (the built distribution in {@code dist/target/coral-agent}, the example plugin's
 * sources, {@code mvnw}), with {@code coral-agent} on the PATH as the README says, beside a running
 * agent. Each command must succeed ({@code curl} fails on an HTTP error). {@code hocon} blocks whose
 * first line is {@code # <file>.conf} are the files the commands use and are written first.
 * What the test changes, so that it never touches the machine's agent: each default port
 * (4317–4320, 9001) the examples name and {@code /etc/coral-agent} become the test's own.
 */
class ReadmeExamplesIT {
    /** A fenced block: its info string's language and its text. */
    record Block(String language, String text) {}

    private static final Pattern DEFAULT_ADDRESS =
            Pattern.compile("\\b(0\\.0\\.0\\.0|127\\.0\\.0\\.1|localhost):(4317|4318|4319|4320|9001)\\b");

    @TempDir
    Path work;

    @Test
    void everyShellExampleRunsAsWritten() throws Exception {
        List<Block> blocks = blocks(Path.of(System.getProperty("coral.readme", "../README.md")));
        Distribution dist = Distribution.copyInto(Files.createDirectories(work.resolve("dist/target")));
        layOutRepository(dist);
        // Each default port the examples name stands for a free port of the test's own.
        Map<String, Integer> ports = new HashMap<>();
        for (String port : new String[] {"4317", "4318", "4319", "4320", "9001"}) {
            ports.put(port, Distribution.freePort());
        }
        int grpc = ports.get("4317");
        Map<String, String> env = new HashMap<>(Map.of(
                "CORAL_API_LISTEN", "127.0.0.1:" + ports.get("9001"),
                "CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc,
                "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + ports.get("4318"),
                "CORAL_BEYLA_GRPC_ENDPOINT", "127.0.0.1:" + ports.get("4319"),
                "CORAL_BEYLA_HTTP_ENDPOINT", "127.0.0.1:" + ports.get("4320"),
                "CORAL_DATA_DIR", dist.dataDir().toString(),
                "CORAL_CONFIG_DIR", dist.operatorDir().toString()));
        for (Block b : blocks) {
            String first = b.text().lines().findFirst().orElse("");
            if (b.language().equals("hocon") && first.matches("# [\\w.-]+\\.conf")) {
                Files.writeString(work.resolve(first.substring(2)), onTestPorts(b.text(), ports));
            }
        }
        // Nothing the test writes or runs names a default port (a developer's agent may hold them).
        String everything = blocks.stream().map(Block::text).reduce("", String::concat);
        assertThat(everything).containsPattern(DEFAULT_ADDRESS);
        assertThat(onTestPorts(everything, ports)).doesNotContainPattern(DEFAULT_ADDRESS);
        List<Block> shell = blocks.stream().filter(b -> b.language().equals("bash")).skip(1).toList();
        assertThat(shell).hasSizeGreaterThanOrEqualTo(5);

        Process agent = dist.start(env, "run");
        try {
            RunIT.awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("checkout", "GET /cart", 5))).isTrue();
            StringBuilder all = new StringBuilder();
            for (Block b : shell) {
                String script = onTestPorts(b.text(), ports)
                        .replace("/etc/coral-agent", dist.operatorDir().toString());
                all.append(run(script, dist, env));
            }
            // What the README's comments say these commands show.
            assertThat(all).contains("pipelines.conf: ok (")
                    .containsPattern("span-tagger\\s+1\\.0\\.0\\s+STARTED\\s+processor/span-tagger")
                    .contains("\"agent_id\"").contains("otelcol_receiver_accepted_spans");
            assertThat(work.resolve("build/edge-agent.tar.gz")).isRegularFile();
            assertThat(work.resolve("metrics.duckdb")).isNotEmptyFile();
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
    }

    /** The text with every {@code host:<default port>} on loopback at the test's port for it instead. */
    static String onTestPorts(String text, Map<String, Integer> ports) {
        return DEFAULT_ADDRESS.matcher(text).replaceAll(m -> "127.0.0.1:" + ports.get(m.group(2)));
    }

    /** The example plugin's sources and the Maven wrapper where the README's commands expect them. */
    private void layOutRepository(Distribution dist) throws IOException {
        Path examples = Path.of(System.getProperty("coral.examples", "../examples"));
        Path project = work.resolve("examples/span-tagger-plugin");
        Distribution.copyTree(examples.resolve("span-tagger-plugin"), project);
        Distribution.deleteTree(project.resolve("target"));
        Path repository = examples.toAbsolutePath().getParent();
        Files.copy(repository.resolve("mvnw"), work.resolve("mvnw"));
        Path bin = Files.createDirectories(work.resolve("dist/src/main/bin"));
        Files.copy(repository.resolve("dist/src/main/bin/find-java.sh"), bin.resolve("find-java.sh"));
        assertThat(dist.launcher()).isExecutable();
    }

    private String run(String script, Distribution dist, Map<String, String> env) throws Exception {
        // curl as written, but an HTTP error fails the example instead of printing an error page.
        String prelude = "curl() { command curl --fail-with-body \"$@\"; }\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", prelude + script)
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("example.log").toFile());
        pb.environment().remove("CORAL_HOME");
        pb.environment().putAll(env);
        pb.environment().put("PATH", dist.home.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(work.resolve("example.log"));
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished && p.exitValue() == 0).as("README example failed:%n%s%n---- output:%n%s", script, output)
                .isTrue();
        return output;
    }

    /** The fenced code blocks of a Markdown file, in order. */
    static List<Block> blocks(Path markdown) throws IOException {
        List<Block> out = new ArrayList<>();
        String language = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                if (language == null) {
                    language = line.substring(3).strip().split("\\s+")[0];
                    text.setLength(0);
                } else {
                    out.add(new Block(language, text.toString()));
                    language = null;
                }
            } else if (language != null) {
                text.append(line).append('\n');
            }
        }
        return out;
    }
}
