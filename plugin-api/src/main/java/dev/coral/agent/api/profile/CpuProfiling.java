package dev.coral.agent.api.profile;

/**
 * On-demand CPU profiling of one process or service, beside any continuous profile: a
 * capability a profiler component offers (found with {@code Host.capabilities}), so the Agent
 * API's {@code ProfileCPU} reaches the running profiler without knowing its implementation.
 *
 * @since 0.1.0
 */
public interface CpuProfiling {
    /**
     * Samples the request's target for its duration, then answers its symbolized stacks; blocks
     * meanwhile.
     *
     * @throws IllegalArgumentException when the target names no running process
     * @throws IllegalStateException when the profiler cannot take a profile now (sampling is
     *     refused by the kernel, or another on-demand profile runs); the message says why
     */
    CpuProfile profile(CpuProfileRequest request) throws InterruptedException;
}
