package dev.coral.agent.plugin.cpuprofiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.plugin.cpuprofiler.capture.Workload;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import dev.coral.agent.testkit.CaptureStoreFactory;
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
        try (AgentRuntime agent = AgentRuntime.builder().home(dir).loadPlugins(false).factory(stores)
                .factory(new CpuProfilerFactory()).configText("""
                        agent { api.listen = ["127.0.0.1:0"] }
                        receivers { cpu-profiler { frequency-hz = 99, cycle = 1s } }
                        stores { capture {} }
                        pipelines { profiles { receivers = [cpu-profiler], stores = [capture] } }
                        """).build()) {
            agent.start();
            StatusBoard.Entry status = agent.status().snapshot().get("receiver:cpu-profiler");
            if (status.health() != Health.OK) {
                System.out.println("SKIP: " + status.message());
            }
            assumeTrue(status.health() == Health.OK, status.message());
            assertThat(status.message()).startsWith("sampling every CPU at 99 Hz");

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

    /** Every frame name in the stacks of {@code pid} captured so far. */
    private static List<String> framesOf(CaptureStoreFactory stores, long pid) {
        return stores.batches(Signal.PROFILES).stream()
                .flatMap(batch -> batch.samples().stream().filter(s -> s.pid() == pid)
                        .flatMap(s -> Arrays.stream(s.frameIds()).mapToObj(batch.frames()::get)))
                .distinct().toList();
    }
}
