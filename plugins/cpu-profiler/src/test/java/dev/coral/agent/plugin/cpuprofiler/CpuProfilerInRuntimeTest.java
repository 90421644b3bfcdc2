package dev.coral.agent.plugin.cpuprofiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.plugin.cpuprofiler.capture.Workload;
import dev.coral.agent.plugin.cpuprofiler.symbols.JitProcess;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.CaptureStoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver in a runtime: cycles of symbolized stacks of a real C program reach the profiles pipeline. */
class CpuProfilerInRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void cyclesCarryTheProgramsHotFunctionsByName() throws Exception {
        Workload workload = Workload.compile(dir);
        CaptureStoreFactory stores = new CaptureStoreFactory();
        try (AgentRuntime agent = ProfilerAgents.startedOrSkip(dir, stores, "frequency-hz = 99, cycle = 1s")) {
            assertThat(agent.status().snapshot().get("receiver:cpu-profiler").message())
                    .startsWith("sampling every CPU at 99 Hz");

            Process spinning = workload.start("spin", 4);
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> framesOf(stores, spinning.pid()).contains("hot_a"));
            } finally {
                spinning.destroy();
            }
            List<String> frames = framesOf(stores, spinning.pid());
            assertThat(frames).contains("hot_a", "burn");
            ProfileBatch any = stores.batches(Signal.PROFILES).getFirst();
            assertThat(any.samples()).allSatisfy(s -> assertThat(s.count()).isPositive());
            // Each cycle's drain + symbolize time is on /metrics (bench/profiler.sh reads it).
            assertThat(agent.metrics().scrape()).containsPattern(
                    "coral_profiler_cycle_seconds_count\\{[^}]*cpu-profiler[^}]*\\} [1-9]");
        }
    }

    @Test
    void aJvmOfAServiceThatOptedInShowsItsJavaMethodsByName() throws Exception {
        CaptureStoreFactory stores = new CaptureStoreFactory();
        try (AgentRuntime agent = ProfilerAgents.startedOrSkip(dir, stores, """
                frequency-hz = 99, cycle = 1s
                services { hot-java { comm = coral-hotjava, jvm-perf-map = true } }
                """)) {
            try (JitProcess jvm = JitProcess.java(dir)) {
                assertThat(Files.readString(Path.of("/proc/" + jvm.pid() + "/comm")).strip()).isEqualTo(JitProcess.JAVA_COMM);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> framesOf(stores, jvm.pid()).stream().anyMatch(f -> f.contains("hotJavaMethod")));
                assertThat(stores.batches(Signal.PROFILES)).flatMap(ProfileBatch::samples)
                        .filteredOn(s -> s.pid() == jvm.pid()).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.serviceName()).isEqualTo("hot-java"));
            }
        }
    }

    /** Every frame name in the stacks of {@code pid} captured so far. */
    private static List<String> framesOf(CaptureStoreFactory stores, long pid) {
        return stores.batches(Signal.PROFILES).stream()
                .flatMap(batch -> batch.samples().stream().filter(s -> s.pid() == pid)
                        .flatMap(s -> Arrays.stream(s.frameIds()).mapToObj(batch.frames()::get)))
                .distinct().toList();
    }
}
