package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples every online CPU with a perf CPU-clock event and reads the callchains from each
 * event's ring buffer, aggregating them in user space: the profiler's mode where BPF is
 * refused. A background thread empties the rings every poll interval (so they do not
 * overflow); {@link #drain()} hands out what was counted since the previous drain.
 *
 * <p>Idle samples (pid 0, the swapper) are dropped, as in the BPF mode.
 */
public final class RingBufferSampler implements CpuSampler {
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    private static final long PERF_EVENT_IOC_DISABLE = 0x2401;

    private final Syscalls syscalls;
    private final List<Integer> fds = new ArrayList<>();
    private final List<PerfRing> rings = new ArrayList<>();
    private final StackAggregator aggregator = new StackAggregator();
    private final Object readLock = new Object();
    private final Duration pollInterval;
    private final Thread reader;
    private volatile boolean running = true;

    /**
     * Opens one event per online CPU at {@code frequencyHz}, with 32 data pages per ring and a
     * 100 ms poll interval.
     *
     * @throws SyscallException when perf events are refused or unavailable; its {@link
     *     SyscallException#reason()} says what would allow them
     */
    public RingBufferSampler(Syscalls syscalls, int frequencyHz) {
        this(syscalls, frequencyHz, OnlineCpus.read(), 32, Duration.ofMillis(100));
    }

    /**
     * @param cpus the CPUs to sample
     * @param dataPages data pages per ring, a power of two (room for ~dataPages × 4 samples of
     *     deep stacks per poll interval)
     */
    public RingBufferSampler(
            Syscalls syscalls, int frequencyHz, List<Integer> cpus, int dataPages, Duration pollInterval) {
        if (frequencyHz <= 0 || Integer.bitCount(dataPages) != 1 || cpus.isEmpty()) {
            throw new IllegalArgumentException(
                    "need frequencyHz > 0, dataPages a power of two and a CPU: "
                            + frequencyHz + ", " + dataPages + ", " + cpus);
        }
        this.syscalls = syscalls;
        this.pollInterval = pollInterval;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr =
                    PerfEventAttr.cpuClockSampling(
                            arena, frequencyHz, PerfEventAttr.PERF_SAMPLE_TID | PerfEventAttr.PERF_SAMPLE_CALLCHAIN);
            long mapLength = (1L + dataPages) * syscalls.pageSize();
            for (int cpu : cpus) {
                int fd = syscalls.perfEventOpen(attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
                fds.add(fd);
                rings.add(new PerfRing(syscalls.mmapShared(fd, mapLength), syscalls.pageSize()));
            }
            for (int fd : fds) {
                syscalls.ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        reader = Thread.ofPlatform().name("cpu-profiler-ring-reader").daemon().start(this::readLoop);
    }

    /** Everything sampled since the previous drain, including what is still in the rings. */
    @Override
    public Drain drain() {
        readRings();
        return aggregator.drain();
    }

    /** Stops sampling and releases the events, mappings and the reader thread. */
    @Override
    public void close() {
        running = false;
        reader.interrupt();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readLock) {
            release();
        }
    }

    private void readLoop() {
        while (running) {
            readRings();
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readRings() {
        synchronized (readLock) {
            for (PerfRing ring : rings) {
                ring.readAll(this::onRecord);
            }
        }
    }

    private void onRecord(int type, MemorySegment record, int size) {
        if (type == PerfRing.PERF_RECORD_SAMPLE) {
            // header(8) · u32 pid · u32 tid · u64 nr · u64 ips[nr]
            int pid = record.get(JAVA_INT, 8);
            long nr = record.get(JAVA_LONG, 16);
            if (pid == 0 || nr < 0 || 24 + nr * 8 > size) {
                return;
            }
            long[] ips = record.asSlice(24, nr * 8).toArray(JAVA_LONG);
            Callchain chain = Callchain.split(ips);
            aggregator.add(pid, chain.kernelIps(), chain.userIps());
        } else if (type == PerfRing.PERF_RECORD_LOST) {
            // header(8) · u64 id · u64 lost
            aggregator.addLost(record.get(JAVA_LONG, 16));
        }
    }

    /** Releases whatever was opened; safe on a partly opened sampler. */
    private void release() {
        for (int fd : fds) {
            quietly(() -> syscalls.ioctl(fd, PERF_EVENT_IOC_DISABLE, 0));
        }
        for (PerfRing ring : rings) {
            quietly(() -> syscalls.munmap(ring.mapping()));
        }
        for (int fd : fds) {
            quietly(() -> syscalls.close(fd));
        }
        rings.clear();
        fds.clear();
    }

    private static void quietly(Runnable release) {
        try {
            release.run();
        } catch (SyscallException ignored) {
            // Releasing is best effort: the process exit frees the rest.
        }
    }
}
