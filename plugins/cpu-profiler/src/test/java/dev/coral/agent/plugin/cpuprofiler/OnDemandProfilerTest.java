package dev.coral.agent.plugin.cpuprofiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.CpuProfile;
import dev.coral.agent.api.profile.CpuProfileRequest;
import dev.coral.agent.api.profile.CpuProfiling;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.plugin.cpuprofiler.capture.Workload;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.CaptureStoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's {@link CpuProfiling} capability, found as the Agent API finds it (through the
 * runtime), on a real C program: one process or one service, at its own frequency, beside the
 * continuous cycles.
 */
class OnDemandProfilerTest {
    @TempDir
    Path dir;

    private final CaptureStoreFactory stores = new CaptureStoreFactory();
    private AgentRuntime agent;
    private CpuProfiling profiling;
    private Workload workload;

    @BeforeEach
    void start() throws Exception {
        workload = Workload.compile(dir);
        agent = ProfilerAgents.startedOrSkip(dir, stores,
                "frequency-hz = 19, cycle = 1s, services { burner { comm = \"workload\" } }");
        profiling = agent.capabilities(CpuProfiling.class).getFirst();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aPidsStacksAtTheRequestedFrequencyWhileTheCyclesGoOn() throws Exception {
        // Spins far longer than the profile: a loaded host may delay the call by seconds.
        Process spinning = workload.start("spin", 30);
        Process other = workload.start("spin", 30);
        try {
            int cyclesBefore = stores.batches(Signal.PROFILES).size();
            double cpuBefore = Workload.cpuSeconds(spinning.pid());
            CpuProfile profile = profiling.profile(CpuProfileRequest.ofPid((int) spinning.pid(), Duration.ofSeconds(3), 99));
            double cpuSeconds = Workload.cpuSeconds(spinning.pid()) - cpuBefore;

            assertThat(profile.stacks().samples()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.pid()).isEqualTo((int) spinning.pid()));
            assertThat(names(profile)).contains("hot_a");
            // At most 99 samples per second the process ran on a CPU; cpuSeconds also spans the call's own set-up
            // and naming, so the floor is loose, yet above anything the continuous 19 Hz would give.
            assertThat((double) profile.totalSamples()).isBetween(0.35 * 99 * cpuSeconds, 1.15 * 99 * cpuSeconds + 10);
            assertThat(stores.batches(Signal.PROFILES).size()).as("continuous cycles during the on-demand profile")
                    .isGreaterThan(cyclesBefore);
        } finally {
            spinning.destroy();
            other.destroy();
        }
    }

    @Test
    void aServiceNamedByTheRulesCoversItsProcesses() throws Exception {
        Process a = workload.start("spin", 5);
        Process b = workload.start("spin", 5);
        try {
            CpuProfile profile = profiling.profile(CpuProfileRequest.ofService("burner", Duration.ofSeconds(2), 99));
            assertThat(profile.stacks().samples()).extracting(StackSample::pid).contains((int) a.pid(), (int) b.pid())
                    .allSatisfy(pid -> assertThat(List.of((int) a.pid(), (int) b.pid())).contains(pid));
            assertThat(profile.stacks().samples()).allSatisfy(s -> assertThat(s.serviceName()).isEqualTo("burner"));
        } finally {
            a.destroy();
            b.destroy();
        }
    }

    @Test
    void noSuchTargetAndASecondProfileAtOnceAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> profiling.profile(CpuProfileRequest.ofPid(Integer.MAX_VALUE, Duration.ofSeconds(1), 99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no process with pid");
        assertThatThrownBy(() -> profiling.profile(CpuProfileRequest.ofService("nobody-runs-this", Duration.ofSeconds(1),
                99))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody-runs-this");

        int self = (int) ProcessHandle.current().pid();
        CpuProfileRequest twoSeconds = CpuProfileRequest.ofPid(self, Duration.ofSeconds(2), 49);
        try (ExecutorService two = Executors.newFixedThreadPool(2)) {
            List<Future<CpuProfile>> both = List.of(two.submit(() -> profiling.profile(twoSeconds)),
                    two.submit(() -> profiling.profile(twoSeconds)));
            List<Throwable> refusals = new ArrayList<>();
            int answered = 0;
            for (Future<CpuProfile> f : both) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    answered++;
                } catch (ExecutionException e) {
                    refusals.add(e.getCause());
                }
            }
            assertThat(answered).isEqualTo(1);
            assertThat(refusals).singleElement().isInstanceOf(IllegalStateException.class)
                    .extracting(Throwable::getMessage).asString().contains("another on-demand CPU profile is running");
        }
    }

    private static List<String> names(CpuProfile profile) {
        return profile.stacks().samples().stream()
                .flatMap(s -> Arrays.stream(s.frameIds()).mapToObj(profile.stacks().frames()::get)).distinct().toList();
    }
}
