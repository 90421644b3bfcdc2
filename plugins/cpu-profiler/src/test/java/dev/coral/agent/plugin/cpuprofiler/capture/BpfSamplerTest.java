package dev.coral.agent.plugin.cpuprofiler.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-kernel aggregation on a real C workload, checked against the ring-buffer mode. */
class BpfSamplerTest {
    private static final int HZ = 99;

    @TempDir static Path dir;
    static Workload workload;
    static Syscalls syscalls;

    @BeforeAll
    static void compileAndCheckPermission() throws Exception {
        workload = Workload.compile(dir);
        syscalls = new Syscalls();
        try {
            new BpfSampler(syscalls, HZ).close();
        } catch (SyscallException e) {
            System.out.println("SKIP: BPF or perf events refused here: " + e.getMessage());
            assumeTrue(false, e.getMessage());
        }
    }

    @Test
    void countsTheSpinningProgramsStacksAsTheRingBufferModeDoes() throws Exception {
        Process spin = workload.start("spin", 5);
        try {
            long pid = spin.pid();
            Thread.sleep(200);
            List<Workload.Mapping> mappings = Workload.executableMappings(pid);
            Drain bpf;
            Drain ring;
            double cpu;
            try (BpfSampler bpfSampler = new BpfSampler(syscalls, HZ);
                    RingBufferSampler ringSampler = new RingBufferSampler(syscalls, HZ)) {
                double cpuBefore = Workload.cpuSeconds(pid);
                Thread.sleep(3000);
                cpu = Workload.cpuSeconds(pid) - cpuBefore;
                bpf = bpfSampler.drain();
                ring = ringSampler.drain();
            }
            List<RawStack> ours = bpf.stacks().stream().filter(s -> s.pid() == pid).toList();
            long samples = ours.stream().mapToLong(RawStack::count).sum();
            System.out.printf(
                    "bpf: %d samples in %d stacks over %.2f CPU s (all pids %d, lost %d); ring: %d%n",
                    samples, ours.size(), cpu, bpf.samples(), bpf.lost(), ring.samples());

            assertThat(samples).isGreaterThan((long) (0.5 * HZ * cpu)).isLessThan((long) (1.5 * HZ * cpu) + 10);
            // Stack-map hash collisions (-EEXIST) may drop a rare sample host-wide; never many.
            assertThat(bpf.lost()).isLessThanOrEqualTo(bpf.samples() / 50);
            assertThat(ours)
                    .allSatisfy(
                            s -> {
                                assertThat(s.userIps()).isNotEmpty();
                                long leaf = s.userIps()[0];
                                assertThat(mappings.stream().anyMatch(m -> m.contains(leaf))).as("leaf %x", leaf).isTrue();
                            });
            long bias = workload.loadBias(pid);
            long a = Workload.samplesIn(ours, workload.functionRange("hot_a"), bias);
            long b = Workload.samplesIn(ours, workload.functionRange("hot_b"), bias);
            System.out.printf("bpf: hot_a %d, hot_b %d samples%n", a, b);
            assertThat((double) a / (a + b)).isBetween(2 / 3.0 - 0.15, 2 / 3.0 + 0.15);
            // Both modes see the same dominant user stacks.
            assertThat(topUserStacks(bpf, pid, 3)).containsAnyElementsOf(topUserStacks(ring, pid, 1));
            assertThat(topUserStacks(ring, pid, 3)).containsAnyElementsOf(topUserStacks(bpf, pid, 1));
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }

    @Test
    void drainMovesCountsOutSoTheNextDrainStartsAfresh() throws Exception {
        Process spin = workload.start("spin", 3);
        try (BpfSampler sampler = new BpfSampler(syscalls, HZ)) {
            Thread.sleep(1000);
            Drain first = sampler.drain();
            Drain second = sampler.drain();
            assertThat(first.samples()).isGreaterThan(HZ / 2);
            assertThat(second.samples()).isLessThan(HZ / 4);
            Thread.sleep(500);
            assertThat(sampler.drain().samples()).isPositive();
        } finally {
            spin.destroyForcibly().waitFor();
        }
    }

    @Test
    void syscallHeavyLoopShowsKernelStacksUnderTheUserOnes() throws Exception {
        Process loop = workload.start("syscalls", 4);
        try (BpfSampler sampler = new BpfSampler(syscalls, HZ)) {
            long pid = loop.pid();
            Thread.sleep(2000);
            List<RawStack> ours = sampler.drain().stacks().stream().filter(s -> s.pid() == pid).toList();
            long samples = ours.stream().mapToLong(RawStack::count).sum();
            long both =
                    ours.stream()
                            .filter(s -> s.kernelIps().length > 0 && s.userIps().length > 0)
                            .mapToLong(RawStack::count)
                            .sum();
            System.out.printf("bpf syscalls: %d samples, %d with kernel and user frames%n", samples, both);

            assertThat(both).isPositive().isGreaterThan(samples / 4);
            assertThat(ours)
                    .filteredOn(s -> s.kernelIps().length > 0)
                    .allSatisfy(s -> assertThat(s.kernelIps()[0]).isNegative()); // kernel half of the address space
        } finally {
            loop.destroyForcibly().waitFor();
        }
    }

    @Test
    void aTinyStackMapCountsCollisionsAsLostAndSamplingGoesOn() throws Exception {
        Process spin = workload.start("spin", 4);
        Process loop = workload.start("syscalls", 4);
        try (BpfSampler sampler = new BpfSampler(syscalls, HZ, OnlineCpus.read(), 2, 10_240)) {
            Thread.sleep(1000);
            Drain first = sampler.drain();
            Thread.sleep(1000);
            Drain second = sampler.drain();
            System.out.printf(
                    "tiny stack map: %d samples/%d lost, then %d/%d%n",
                    first.samples(), first.lost(), second.samples(), second.lost());

            assertThat(first.lost() + second.lost()).isPositive();
            assertThat(second.samples()).isPositive(); // drains free the buckets
        } finally {
            spin.destroyForcibly().waitFor();
            loop.destroyForcibly().waitFor();
        }
    }

    private static List<String> topUserStacks(Drain drain, long pid, int n) {
        Map<String, Long> byUser =
                drain.stacks().stream()
                        .filter(s -> s.pid() == pid)
                        .collect(Collectors.groupingBy(s -> Arrays.toString(s.userIps()), Collectors.summingLong(RawStack::count)));
        return byUser.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .map(Map.Entry::getKey)
                .toList();
    }
}
