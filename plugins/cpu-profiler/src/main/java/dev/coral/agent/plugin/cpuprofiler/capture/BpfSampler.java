package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every online CPU with a perf CPU-clock event whose BPF program counts the stacks in
 * the kernel ({@link BpfProfileProgram}); {@link #drain()} moves the counts out and clears the
 * stack map, so no sample is counted twice and hash collisions in the stack map stay rare.
 *
 * <p>Lost samples: inserts the program could not make (map full), stack ids the kernel could
 * not store (-EEXIST collisions, other errors but -EFAULT, which only means "no stack of this
 * kind"), and stacks deleted by a drain before their count was read.
 */
public final class BpfSampler implements CpuSampler {
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_TYPE_PERF_EVENT = 7;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final long PERF_EVENT_IOC_ENABLE = 0x2400;
    private static final long PERF_EVENT_IOC_DISABLE = 0x2401;
    private static final long PERF_EVENT_IOC_SET_BPF = 0x40042408;
    private static final int MAX_FRAMES = 127;
    private static final int EFAULT = 14;
    private static final int LOG_SIZE = 64 * 1024;

    private final Syscalls syscalls;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Integer> eventFds = new ArrayList<>();
    private final BpfMap stacks;
    private final BpfMap counts;
    private final BpfMap drops;
    private final Arena buffers = Arena.ofShared();
    private final MemorySegment keys;
    private final MemorySegment values;
    private long dropsSeen;

    /** One event per online CPU at {@code frequencyHz}; map sizes per PROFILING.md defaults. */
    public BpfSampler(Syscalls syscalls, int frequencyHz) {
        this(syscalls, frequencyHz, OnlineCpus.read(), 16_384, 10_240);
    }

    /**
     * @param stackEntries STACK_TRACE map size (127 frames each)
     * @param countEntries distinct {pid, stacks} keys one drain period can hold
     * @throws SyscallException when BPF or perf events are refused; the verifier's log is in the
     *     reason when the program is rejected
     */
    public BpfSampler(
            Syscalls syscalls, int frequencyHz, List<Integer> cpus, int stackEntries, int countEntries) {
        this.syscalls = syscalls;
        try {
            stacks = track(new BpfMap(syscalls, "stacks", BpfMap.STACK_TRACE, 4, MAX_FRAMES * 8, stackEntries));
            counts = track(new BpfMap(syscalls, "counts", BpfMap.HASH, BpfProfileProgram.KEY_SIZE, 8, countEntries));
            drops = track(new BpfMap(syscalls, "drops", BpfMap.ARRAY, 4, 8, 1));
            int program = loadProgram(BpfProfileProgram.assemble(stacks.fd(), counts.fd(), drops.fd()));
            opened.add(() -> syscalls.close(program));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment attr = PerfEventAttr.cpuClockSampling(arena, frequencyHz, 0);
                for (int cpu : cpus) {
                    int fd = syscalls.perfEventOpen(attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
                    eventFds.add(fd);
                    opened.add(() -> syscalls.close(fd));
                    syscalls.ioctl(fd, PERF_EVENT_IOC_SET_BPF, program);
                }
            }
            for (int fd : eventFds) {
                syscalls.ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        keys = buffers.allocate((long) countEntries * BpfProfileProgram.KEY_SIZE, 8);
        values = buffers.allocate((long) countEntries * 8, 8);
    }

    @Override
    public synchronized Drain drain() {
        try (Arena arena = Arena.ofConfined()) {
            int n = counts.lookupAndDeleteAll(arena, keys, values);
            long dropped = takeDrops(arena);
            long lost = dropped;
            Map<Integer, long[]> stackById = new HashMap<>();
            MemorySegment stackKey = arena.allocate(4, 4);
            MemorySegment frames = arena.allocate(MAX_FRAMES * 8L, 8);
            List<RawStack> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long keyOffset = (long) i * BpfProfileProgram.KEY_SIZE;
                int pid = keys.get(JAVA_INT, keyOffset + BpfProfileProgram.KEY_TGID);
                int userId = keys.get(JAVA_INT, keyOffset + BpfProfileProgram.KEY_USER_STACK);
                int kernelId = keys.get(JAVA_INT, keyOffset + BpfProfileProgram.KEY_KERNEL_STACK);
                long count = values.getAtIndex(JAVA_LONG, i);
                if (failedId(userId) || failedId(kernelId)) {
                    dropped += count;
                }
                long[] user = stack(userId, stackById, stackKey, frames);
                long[] kernel = stack(kernelId, stackById, stackKey, frames);
                if (user == null || kernel == null) {
                    lost += count;
                } else {
                    result.add(new RawStack(pid, kernel, user, count));
                }
            }
            // Clear the stack map every drain: ids of this period were all read above.
            for (int id : stackById.keySet()) {
                stackKey.set(JAVA_INT, 0, id);
                stacks.delete(stackKey);
            }
            // Full maps or stack collisions leave stacks no count refers to; they would fill
            // buckets for good, so sweep the whole map then (losing at most in-flight samples).
            if (dropped > 0) {
                stacks.deleteAll();
            }
            return new Drain(result, lost);
        }
    }

    /** A stack id the kernel could not store (collision, full map), not just "no such stack". */
    private static boolean failedId(int id) {
        return id < 0 && id != -EFAULT;
    }

    /** The frames of a stack id; empty for -EFAULT (no such stack), null when lost. */
    private long[] stack(int id, Map<Integer, long[]> cache, MemorySegment key, MemorySegment frames) {
        if (id < 0) {
            return id == -EFAULT ? new long[0] : null;
        }
        return cache.computeIfAbsent(
                id,
                k -> {
                    key.set(JAVA_INT, 0, k);
                    if (!stacks.lookup(key, frames)) {
                        return null; // deleted by a drain between the sample and its count: "[lost stack]"
                    }
                    int depth = 0;
                    while (depth < MAX_FRAMES && frames.getAtIndex(JAVA_LONG, depth) != 0) {
                        depth++;
                    }
                    return frames.asSlice(0, depth * 8L).toArray(JAVA_LONG);
                });
    }

    /** Drops counted by the program since the last drain (the counter itself only grows). */
    private long takeDrops(Arena arena) {
        MemorySegment key = arena.allocate(4, 4);
        MemorySegment value = arena.allocate(8, 8);
        drops.lookup(key, value);
        long total = value.get(JAVA_LONG, 0);
        long delta = total - dropsSeen;
        dropsSeen = total;
        return delta;
    }

    private int loadProgram(byte[] bytecode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(bytecode.length, 8);
            insns.copyFrom(MemorySegment.ofArray(bytecode));
            MemorySegment license = arena.allocateFrom("GPL", StandardCharsets.US_ASCII);
            MemorySegment log = arena.allocate(LOG_SIZE);
            MemorySegment attr = arena.allocate(Syscalls.BPF_ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, BPF_PROG_TYPE_PERF_EVENT);
            attr.set(JAVA_INT, 4, bytecode.length / 8);
            attr.set(ADDRESS, 8, insns);
            attr.set(ADDRESS, 16, license);
            attr.set(JAVA_INT, 24, 1); // log_level: on failure the verifier says why
            attr.set(JAVA_INT, 28, LOG_SIZE);
            attr.set(ADDRESS, 32, log);
            try {
                return (int) syscalls.bpf("BPF_PROG_LOAD", BPF_PROG_LOAD, attr);
            } catch (SyscallException e) {
                String verifier = log.getString(0).strip();
                if (verifier.isEmpty()) {
                    throw e;
                }
                throw new SyscallException(e.call(), e.errno(), e.reason() + "; verifier: " + verifier);
            }
        }
    }

    private BpfMap track(BpfMap map) {
        opened.add(map);
        return map;
    }

    @Override
    public synchronized void close() {
        release();
    }

    private void release() {
        for (int fd : eventFds) {
            try {
                syscalls.ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
            } catch (SyscallException ignored) {
                // Best effort: closing the fd detaches the program anyway.
            }
        }
        eventFds.clear();
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception ignored) {
                // Best effort: the process exit frees the rest.
            }
        }
        opened.clear();
        if (buffers.scope().isAlive()) {
            buffers.close();
        }
    }
}
