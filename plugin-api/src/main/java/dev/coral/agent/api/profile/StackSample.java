package dev.coral.agent.api.profile;

/**
 * One distinct stack of one process, and how many times it was sampled.
 *
 * @param pid the process (thread group) id
 * @param serviceName the service the process belongs to, or empty
 * @param buildId the build id of the main binary, hex, or empty
 * @param frameIds indexes into {@link ProfileBatch#frames()}, innermost frame first
 * @param count samples of this stack in the cycle
 *
 * @since 0.1.0
 */
public record StackSample(int pid, String serviceName, String buildId, int[] frameIds, long count) {
    public StackSample {
        frameIds = frameIds.clone();
    }

    @Override
    public int[] frameIds() {
        return frameIds.clone();
    }
}
