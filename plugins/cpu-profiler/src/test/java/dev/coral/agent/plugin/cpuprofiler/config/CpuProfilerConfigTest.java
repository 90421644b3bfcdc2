package dev.coral.agent.plugin.cpuprofiler.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CpuProfilerConfigTest {
    private static Settings settings(String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("p.conf")),
                "receivers.cpu-profiler", "p.conf");
    }

    @Test
    void defaultsSampleAt19HzAndDrainEvery15s() {
        Settings s = settings("");
        CpuProfilerConfig c = CpuProfilerConfig.read(s, CpuProfilerConfig.defaults());
        assertThat(c).isEqualTo(new CpuProfilerConfig(19, Duration.ofSeconds(15), CaptureMode.AUTO, List.of()));
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void readsEverySetting() {
        Settings s = settings("""
                frequency-hz = 99
                cycle = 5s
                mode = perf
                services {
                  checkout { exe = "*/checkout" }
                  "api.v2" { comm = api, port = 8080 }
                }
                """);
        CpuProfilerConfig c = CpuProfilerConfig.read(s, CpuProfilerConfig.defaults());
        assertThat(s.problems()).isEmpty();
        assertThat(s.unreadKeys()).isEmpty();
        assertThat(c.frequencyHz()).isEqualTo(99);
        assertThat(c.cycle()).hasSeconds(5);
        assertThat(c.mode()).isEqualTo(CaptureMode.PERF);
        assertThat(c.services()).containsExactlyInAnyOrder(
                new ServiceRule("checkout", "", "*/checkout", OptionalInt.empty()),
                new ServiceRule("api.v2", "api", "", OptionalInt.of(8080)));
    }

    @Test
    void jvmPerfMapIsOffUnlessTheAgentOrTheServiceTurnsItOn() {
        Settings s = settings("""
                jvm-perf-map = true
                services {
                  checkout { exe = "*/java", jvm-perf-map = false }
                  billing { comm = java }
                }
                """);
        CpuProfilerConfig c = CpuProfilerConfig.read(s, CpuProfilerConfig.defaults());
        assertThat(s.problems()).isEmpty();
        assertThat(s.unreadKeys()).isEmpty();
        assertThat(c.jvmPerfMapFor("checkout")).isFalse();
        assertThat(c.jvmPerfMapFor("billing")).as("the agent-wide word").isTrue();
        assertThat(c.jvmPerfMapFor("named-by-comm")).isTrue();

        CpuProfilerConfig perService = CpuProfilerConfig.read(settings("""
                services { checkout { exe = "*/java", jvm-perf-map = true } }
                """), CpuProfilerConfig.defaults());
        assertThat(perService.jvmPerfMapFor("checkout")).isTrue();
        assertThat(perService.jvmPerfMapFor("other")).isFalse();
        assertThat(CpuProfilerConfig.defaults().jvmPerfMap()).isFalse();
    }

    @Test
    void everyMistakeIsReportedAndTheDefaultsKept() {
        Settings s = settings("""
                frequency-hz = 5000
                cycle = 10ms
                mode = ebpf
                services { empty {} }
                """);
        CpuProfilerConfig c = CpuProfilerConfig.read(s, CpuProfilerConfig.defaults());
        assertThat(c.frequencyHz()).isEqualTo(19);
        assertThat(c.mode()).isEqualTo(CaptureMode.AUTO);
        assertThat(s.problems()).extracting(ConfigProblem::getMessage).containsExactly(
                "p.conf:1: receivers.cpu-profiler.frequency-hz: expected a frequency from 1 to 1000 Hz, such as 19, got 5000",
                "p.conf:2: receivers.cpu-profiler.cycle: expected a duration of at least 1s, such as 15s, got \"10ms\"",
                "p.conf:3: receivers.cpu-profiler.mode: expected auto, bpf or perf, got \"ebpf\"",
                "p.conf:4: receivers.cpu-profiler.services.empty: expected comm, exe or port to name the service's processes");
    }
}
