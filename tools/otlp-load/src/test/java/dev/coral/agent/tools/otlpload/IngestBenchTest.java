package dev.coral.agent.tools.otlpload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestBenchTest {
    @TempDir
    Path dir;

    @Test
    void theSampleRateOneCopyOfTheDistributionsConfigChangesOnlyTheSampleRate() throws Exception {
        Path distributionConfig = Path.of("../../pipelines.conf");
        String original = Files.readString(distributionConfig);
        assertThat(original).contains("sample-rate = 0.10");

        Path copy = IngestBench.keepAllConfig(distributionConfig, dir.resolve("copy.conf"));

        String text = Files.readString(copy);
        assertThat(text).contains("sample-rate = 1.0").doesNotContain("sample-rate = 0.10");
        assertThat(text.lines().filter(l -> !l.startsWith("# otlp-load")).toList())
                .isEqualTo(original.replace("sample-rate = 0.10", "sample-rate = 1.0").lines().toList());
    }

    @Test
    void aConfigWithoutASampleRateIsRefusedRatherThanMeasuredAsIs() throws Exception {
        Path conf = Files.writeString(dir.resolve("p.conf"), "pipelines { traces { receivers = [otlp], exporters = [nop] } }\n");

        assertThatThrownBy(() -> IngestBench.keepAllConfig(conf, dir.resolve("copy.conf")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sample-rate");
    }
}
