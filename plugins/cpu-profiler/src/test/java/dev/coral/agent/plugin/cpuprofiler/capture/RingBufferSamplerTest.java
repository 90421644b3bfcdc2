package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples a real C workload on all CPUs with perf events (needs root or perf permission, gcc). */
class RingBufferSamplerTest {
    private static final int HZ = 99;
    /** Kernel text lives in the top half of the address space on x86_64. */
    private static final long KERNEL_SPACE = 0xffff800000000000L;

    @TempDir static Path dir;
    static Workload workload;
    static Syscalls syscalls;

    @BeforeAll
    static void compileAndCheckPermission() throws Exception {
        workload = Workload.compile(dir);
        syscalls = new Syscalls();
        try {
            new RingBufferSampler(syscalls, HZ).close();
        } catch (SyscallException e) {
            System.out.println("SKIP: perf events refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
        }
    }

    @Test
    void samplesTheSpinningProgramsUserStacksInItsExecutableMappings() throws Exception {
        Process spin = workload.start("spin", 5);
        try {
            long pid = spin.pid();
            Thread.sleep(200); // let it exec and map its code
            List<Workload.Mapping> mappings = Workload.executableMappings(pid);
            Drain drain;
            double cpu;
            try (RingBufferSampler sampler = new RingBufferSampler(syscalls, HZ)) {
                double cpuBefore = Workload.cpuSeconds(pid);
                Thread.sleep(3000);
                cpu = Workload.cpuSeconds(pid) - cpuBefore;
                drain = sampler.drain();
            }
            List<RawStack> ours = drain.stacks().stream().filter(s -> s.pid() == pid).toList();
            long samples = ours.stream().mapToLong(RawStack::count).sum();
            System.out.printf(
                    "spin: %d samples in %d stacks over %.2f CPU s (all pids: %d, lost %d)%n",
                    samples, ours.size(), cpu, drain.samples(), drain.lost());

            assertThat(ours).isNotEmpty();
            assertThat(samples).isGreaterThan((long) (0.5 * HZ * cpu)).isLessThan((long) (1.5 * HZ * cpu) + 10);
            // Every sample's leaf runs in executable memory of the process (its binary or the vDSO).
            assertThat(ours)
                    .allSatisfy(
                            s -> {
                                assertThat(s.userIps()).isNotEmpty();
                                assertThat(inAny(mappings, s.userIps()[0])).as("leaf %x", s.userIps()[0]).isTrue();
                            });
            // With frame pointers the walk reaches the program's own code (burn, hot_a/hot_b, main).
            String exe = workload.executable().toString();
            long inProgram =
                    ours.stream()
                            .filter(
                                    s ->
                                            Arrays.stream(s.userIps())
                                                    .anyMatch(ip -> mappings.stream().anyMatch(m -> m.path().equals(exe) && m.contains(ip))))
                            .mapToLong(RawStack::count)
                            .sum();
            assertThat(inProgram).isGreaterThanOrEqualTo((long) (0.9 * samples));
            // The time split of the program shows: hot_a about twice hot_b (± 15 %).
            long bias = workload.loadBias(pid);
            long a = Workload.samplesIn(ours, workload.functionRange("hot_a"), bias);
            long b = Workload.samplesIn(ours, workload.functionRange("hot_b"), bias);
            System.out.printf("hot_a %d, hot_b %d samples%n", a, b);
            assertThat(a + b).isGreaterThanOrEqualTo((long) (0.9 * samples));
            assertThat((double) a / (a + b)).isBetween(2 / 3.0 - 0.15, 2 / 3.0 + 0.15);
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }

    @Test
    void syscallHeavyLoopShowsKernelStacks() throws Exception {
        Process loop = workload.start("syscalls", 4);
        try {
            long pid = loop.pid();
            Thread.sleep(200);
            Drain drain;
            try (RingBufferSampler sampler = new RingBufferSampler(syscalls, HZ)) {
                Thread.sleep(2000);
                drain = sampler.drain();
            }
            List<RawStack> ours = drain.stacks().stream().filter(s -> s.pid() == pid).toList();
            long samples = ours.stream().mapToLong(RawStack::count).sum();
            long withKernel =
                    ours.stream().filter(s -> s.kernelIps().length > 0).mapToLong(RawStack::count).sum();
            System.out.printf("syscalls: %d samples, %d with kernel frames%n", samples, withKernel);

            assertThat(withKernel).isGreaterThan(samples / 4).isGreaterThan(0);
            assertThat(ours)
                    .filteredOn(s -> s.kernelIps().length > 0)
                    .allSatisfy(
                            s ->
                                    assertThat(Arrays.stream(s.kernelIps()).allMatch(ip -> Long.compareUnsigned(ip, KERNEL_SPACE) >= 0))
                                            .as("kernel-space addresses %s", Arrays.toString(s.kernelIps()))
                                            .isTrue());
            // Under the kernel frames, the user stack that made the syscall.
            assertThat(ours).filteredOn(s -> s.kernelIps().length > 0 && s.userIps().length > 0).isNotEmpty();
        } finally {
            loop.destroyForcibly().waitFor();
        }
    }

    @Test
    void drainResetsTheCountsAndCloseReleasesTheEvents() throws Exception {
        Process spin = workload.start("spin", 3);
        try (RingBufferSampler sampler = new RingBufferSampler(syscalls, HZ)) {
            Thread.sleep(500);
            assertThat(sampler.drain().samples()).isPositive();
            Drain second = sampler.drain();
            // Right after a drain only the few samples taken in between remain.
            assertThat(second.samples()).isLessThan(HZ);
        } finally {
            spin.destroyForcibly().waitFor();
        }
        long fdsBefore = openFds();
        for (int i = 0; i < 5; i++) {
            new RingBufferSampler(syscalls, HZ).close();
        }
        assertThat(openFds()).isEqualTo(fdsBefore);
    }

    private static long openFds() throws Exception {
        try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static boolean inAny(List<Workload.Mapping> mappings, long ip) {
        return mappings.stream().anyMatch(m -> m.contains(ip));
    }
}
