package dev.coral.agent.plugin.cpuprofiler.capture;

import java.util.Arrays;

/**
 * One distinct stack seen in a drain period and how often it was sampled. Addresses are leaf
 * first, as the kernel reports them; either array may be empty (a kernel thread has no user
 * stack, a sample in user mode no kernel stack).
 *
 * @param pid the process (thread group) id
 * @param kernelIps kernel instruction pointers, leaf first
 * @param userIps user instruction pointers, leaf first
 * @param count how many samples had exactly this stack
 */
public record RawStack(int pid, long[] kernelIps, long[] userIps, long count) {
    /** Copies the arrays, so a stack never changes after it is made. */
    public RawStack {
        kernelIps = kernelIps.clone();
        userIps = userIps.clone();
    }

    @Override
    public long[] kernelIps() {
        return kernelIps.clone();
    }

    @Override
    public long[] userIps() {
        return userIps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawStack s
                && pid == s.pid
                && count == s.count
                && Arrays.equals(kernelIps, s.kernelIps)
                && Arrays.equals(userIps, s.userIps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * pid + Arrays.hashCode(kernelIps)) + Arrays.hashCode(userIps))
                + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "RawStack[pid=" + pid + ", kernel=" + kernelIps.length + " frames, user="
                + userIps.length + " frames, count=" + count + "]";
    }
}
