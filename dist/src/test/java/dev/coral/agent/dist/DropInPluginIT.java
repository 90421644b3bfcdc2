package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.coral.agent.architecture.ArchitectureRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin story: a third party builds a plugin against plugin-api alone, drops the jar into
 * a built distribution's plugins/, names it in pipelines.conf, and the agent uses it. Nothing
 * of the agent is rebuilt.
 */
class DropInPluginIT {
    @TempDir
    Path dir;

    @Test
    void separatelyBuiltProcessorTagsSpansWithoutRebuildingTheAgent() throws Exception {
        Path jar = ExamplePlugin.build(dir);
        try (JarFile classes = new JarFile(jar.toFile())) {
            // The example keeps the rules every bundled plugin keeps: plugin-api (and plugin-support) only.
            ArchitectureRules.PLUGINS_KNOW_ONLY_THE_API.check(new ClassFileImporter().importJar(classes));
        }
        Distribution dist = Distribution.copyInto(dir);
        // Where an operator drops plugins and config: beside the distribution, never inside it (a rebuild
        // or an upgrade replaces the distribution). The test's CORAL_CONFIG_DIR stands for /etc/coral-agent.
        Path operator = Files.createDirectories(dist.operatorDir().resolve("plugins")).getParent();
        Files.copy(jar, operator.resolve("plugins").resolve(jar.getFileName()));

        Distribution.Result plugins = dist.run("plugins");
        assertThat(plugins.stdout()).containsPattern("span-tagger\\s+1\\.0\\.0\\s+STARTED\\s+processor/span-tagger");

        int grpc = Distribution.freePort();
        int http = Distribution.freePort();
        Files.writeString(operator.resolve("pipelines.conf"), """
                agent { api.listen = [${CORAL_API_LISTEN}] }
                receivers { otlp { grpc.endpoint = "127.0.0.1:%d", http.endpoint = "127.0.0.1:%d" } }
                processors { span-tagger { attributes { deployment.environment = staging, team = payments } } }
                stores { duckdb {} }
                pipelines { traces { receivers = [otlp], processors = [span-tagger], stores = [duckdb] } }
                """.formatted(grpc, http));
        Process agent = dist.start(Map.of(), "run");  // no --config: the operator's is the default
        try {
            RunIT.awaitListening(agent, grpc);
            assertThat(OtlpClient.exportGrpc(grpc, OtlpClient.errorSpans("billing", "charge", 3))).isTrue();
        } finally {
            assertThat(Distribution.terminate(agent, Duration.ofSeconds(30))).as(dist.stderr()).isZero();
        }
        assertThat(dist.stderr()).contains("config=" + operator.resolve("pipelines.conf"))
                .contains("data_dir=" + dist.dataDir());
        assertThat(SpanTable.rows(dist.dataDir())).hasSize(3).allSatisfy(row -> assertThat(row)
                .startsWith("billing|charge-")
                .containsPattern("\"deployment.environment\"\\s*:\\s*\"staging\"")
                .containsPattern("\"team\"\\s*:\\s*\"payments\""));
    }
}
