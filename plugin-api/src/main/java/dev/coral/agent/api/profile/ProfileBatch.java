package dev.coral.agent.api.profile;

import java.util.List;

/**
 * Aggregated CPU stack samples of one collection cycle, with each distinct frame stored once.
 *
 * @param timestampMillis end of the cycle, Unix milliseconds
 * @param frames the frame dictionary: symbolized frame names, indexed by {@link StackSample#frameIds()}
 * @param samples distinct stacks and how often each was seen
 *
 * @since 0.1.0
 */
public record ProfileBatch(long timestampMillis, List<String> frames, List<StackSample> samples) {
    public ProfileBatch {
        frames = List.copyOf(frames);
        samples = List.copyOf(samples);
    }
}
