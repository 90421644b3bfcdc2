/**
 * CPU profiles: the {@code profiles} signal's batches ({@link dev.coral.agent.api.profile.ProfileBatch},
 * stacks of frame ids into a per-batch dictionary) and on-demand profiling
 * ({@link dev.coral.agent.api.profile.CpuProfiling}), a capability a profiler component offers
 * and the Agent API's {@code ProfileCPU} looks up.
 *
 * @since 0.1.0
 */
package dev.coral.agent.api.profile;
