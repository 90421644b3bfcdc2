package dev.coral.agent.api.profile;

import java.util.Collections;
import java.util.List;

/**
 * Aggregated CPU stack samples of one collection cycle, with each distinct frame stored once.
 * A frame is its name and the build id of the binary holding its code: {@code main} of two
 * programs is two frames.
 *
 * @param timestampMillis end of the cycle, Unix milliseconds
 * @param frames the frame dictionary: symbolized frame names, indexed by {@link StackSample#frameIds()}
 * @param samples distinct stacks and how often each was seen
 * @param frameBuildIds the build id (lowercase hex) of each frame's binary, parallel to {@code frames};
 *     empty for kernel, JIT and unknown frames. An empty list means none is known.
 * @param binaries the binaries the frames' build ids name, each once
 *
 * @since 0.1.0
 */
public record ProfileBatch(long timestampMillis, List<String> frames, List<StackSample> samples,
        List<String> frameBuildIds, List<ProfileBinary> binaries) {
    /**
     * @throws IllegalArgumentException when {@code frameBuildIds} is neither empty nor as long as {@code frames}
     */
    public ProfileBatch {
        frames = List.copyOf(frames);
        samples = List.copyOf(samples);
        if (frameBuildIds.isEmpty()) {
            frameBuildIds = Collections.nCopies(frames.size(), "");
        } else if (frameBuildIds.size() != frames.size()) {
            throw new IllegalArgumentException("frameBuildIds has " + frameBuildIds.size() + " entries for "
                    + frames.size() + " frames");
        }
        frameBuildIds = List.copyOf(frameBuildIds);
        binaries = List.copyOf(binaries);
    }

    /** A batch whose frames carry no build ids, and no binaries. */
    public ProfileBatch(long timestampMillis, List<String> frames, List<StackSample> samples) {
        this(timestampMillis, frames, samples, List.of(), List.of());
    }
}
