package dev.coral.agent.api.query;

import java.util.Collections;
import java.util.List;

/**
 * One aggregated stack of one process in one collection cycle.
 *
 * @param stackFrames symbolized frames, innermost first
 * @param count samples of this stack in the cycle
 * @param pid the process (tgid)
 * @param buildId the build id of the process's main binary, or empty
 * @param frameBuildIds the build id of each frame's binary, parallel to {@code stackFrames}; empty
 *     strings where unknown (kernel, JIT, frames stored without one)
 *
 * @since 0.1.0
 */
public record ProfileSampleRow(long seqId, long timestampMillis, String serviceName, int pid, String buildId,
        List<String> stackFrames, long count, List<String> frameBuildIds) {
    /**
     * @throws IllegalArgumentException when {@code frameBuildIds} is neither empty nor as long as {@code stackFrames}
     */
    public ProfileSampleRow {
        stackFrames = List.copyOf(stackFrames);
        if (frameBuildIds.isEmpty()) {
            frameBuildIds = Collections.nCopies(stackFrames.size(), "");
        } else if (frameBuildIds.size() != stackFrames.size()) {
            throw new IllegalArgumentException("frameBuildIds has " + frameBuildIds.size() + " entries for "
                    + stackFrames.size() + " frames");
        }
        frameBuildIds = List.copyOf(frameBuildIds);
    }

    /** A row whose frames carry no build ids. */
    public ProfileSampleRow(long seqId, long timestampMillis, String serviceName, int pid, String buildId,
            List<String> stackFrames, long count) {
        this(seqId, timestampMillis, serviceName, pid, buildId, stackFrames, count, List.of());
    }
}
