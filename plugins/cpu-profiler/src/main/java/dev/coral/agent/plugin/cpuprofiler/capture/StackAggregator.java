package dev.coral.agent.plugin.cpuprofiler.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts samples per distinct {pid, kernel stack, user stack} in user space (what the BPF
 * program does in the kernel), until drained. Thread-safe: rings are read on one thread,
 * drained on another.
 */
final class StackAggregator {
    private Map<Key, long[]> counts = new HashMap<>();
    private long lost;

    /** Counts one sample. The arrays are kept: callers pass fresh ones. */
    synchronized void add(int pid, long[] kernelIps, long[] userIps) {
        counts.computeIfAbsent(new Key(pid, kernelIps, userIps), k -> new long[1])[0]++;
    }

    /** Counts samples the kernel reported as lost. */
    synchronized void addLost(long samples) {
        lost += samples;
    }

    /** Returns everything counted since the previous drain and starts afresh. */
    Drain drain() {
        Map<Key, long[]> taken;
        long takenLost;
        synchronized (this) {
            taken = counts;
            takenLost = lost;
            counts = new HashMap<>();
            lost = 0;
        }
        List<RawStack> stacks = new ArrayList<>(taken.size());
        taken.forEach((key, count) -> stacks.add(new RawStack(key.pid, key.kernel, key.user, count[0])));
        return new Drain(stacks, takenLost);
    }

    /** Array-valued key with value equality (records compare arrays by identity). */
    private static final class Key {
        final int pid;
        final long[] kernel;
        final long[] user;
        final int hash;

        Key(int pid, long[] kernel, long[] user) {
            this.pid = pid;
            this.kernel = kernel;
            this.user = user;
            this.hash = 31 * (31 * pid + Arrays.hashCode(kernel)) + Arrays.hashCode(user);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && pid == k.pid
                    && Arrays.equals(kernel, k.kernel)
                    && Arrays.equals(user, k.user);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
