package dev.coral.agent.api.query;

import java.util.List;

/**
 * One aggregated stack of one process in one collection cycle.
 *
 * @param stackFrames symbolized frames, innermost first
 * @param count samples of this stack in the cycle
 * @param pid the process (tgid)
 *
 * @since 0.1.0
 */
public record ProfileSampleRow(long seqId, long timestampMillis, String serviceName, int pid, String buildId,
        List<String> stackFrames, long count) {
    public ProfileSampleRow {
        stackFrames = List.copyOf(stackFrames);
    }
}
