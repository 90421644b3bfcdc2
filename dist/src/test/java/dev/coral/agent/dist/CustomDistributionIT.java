package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `coral-agent build`: a distribution with exactly the plugins a manifest names. */
class CustomDistributionIT {
    @TempDir
    Path dir;

    @Test
    void manifestPicksBundledAndExternalPlugins() throws Exception {
        Path jar = ExamplePlugin.build(dir);
        Distribution full = Distribution.copyInto(dir);
        Files.writeString(dir.resolve("edge-pipelines.conf"), """
                receivers { otlp {} }
                processors { span-tagger {} }
                exporters { nop {} }
                pipelines { traces { receivers = [otlp], processors = [span-tagger], exporters = [nop] } }
                """);
        Path manifest = dir.resolve("builder.conf");
        Files.writeString(manifest, """
                dist { name = edge-agent, output = out, config = edge-pipelines.conf, archive = true }
                plugins = [
                  { bundled = otlp }
                  { bundled = nop }
                  { path = "%s" }
                ]
                """.formatted(jar));
        Distribution.Result built = full.run("build", "--manifest", manifest.toString());
        assertThat(built.exitCode()).as(built.stderr()).isZero();
        Path out = dir.resolve("out").resolve("edge-agent");
        assertThat(dir.resolve("out").resolve("edge-agent.tar.gz")).isRegularFile();

        Distribution edge = Distribution.at(out);
        Distribution.Result plugins = edge.run("plugins");
        assertThat(plugins.stdout().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                .containsExactlyInAnyOrder("otlp", "nop", "span-tagger");
        assertThat(edge.run("validate").exitCode()).isZero();
    }

    @Test
    void manifestNamingAnUnknownBundledPluginFailsWithTheChoices() throws Exception {
        Distribution full = Distribution.copyInto(dir);
        Path manifest = dir.resolve("builder.conf");
        Files.writeString(manifest, """
                dist { name = broken }
                plugins = [ { bundled = kafka } ]
                """);
        Distribution.Result built = full.run("build", "--manifest", manifest.toString());
        assertThat(built.exitCode()).isEqualTo(2);
        assertThat(built.stderr()).contains("builder.conf:2: no bundled plugin 'kafka'")
                .contains("bundled plugins: ").contains("nop").contains("otlp");
    }
}
