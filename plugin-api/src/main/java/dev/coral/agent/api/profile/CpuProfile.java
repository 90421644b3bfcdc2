package dev.coral.agent.api.profile;

/**
 * The answer to a {@link CpuProfileRequest}: the target's stacks, each distinct frame once.
 *
 * @param stacks the sampled stacks, innermost frame first, with their counts
 * @param lostSamples samples the kernel dropped while profiling (full buffers or maps), over all processes
 *
 * @since 0.1.0
 */
public record CpuProfile(ProfileBatch stacks, long lostSamples) {
    /** Samples in {@link #stacks()}. */
    public long totalSamples() {
        return stacks.samples().stream().mapToLong(StackSample::count).sum();
    }
}
