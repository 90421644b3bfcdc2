package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.plugin.cpuprofiler.symbols.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds one cycle's batch: each distinct frame name once in the dictionary, stacks as ids into it. */
final class ProfileBatches {
    private final List<String> frames = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<StackSample> samples = new ArrayList<>();

    /** Adds one stack, innermost frame first. */
    void add(int pid, String service, List<Frame> stack, long count) {
        int[] frameIds = new int[stack.size()];
        String buildId = "";
        for (int i = 0; i < frameIds.length; i++) {
            Frame frame = stack.get(i);
            frameIds[i] = ids.computeIfAbsent(frame.name(), name -> {
                frames.add(name);
                return frames.size() - 1;
            });
            if (frame.kind() == Frame.Kind.NATIVE && !frame.buildId().isEmpty()) {
                // The outermost native frame is the program's own (_start, main): its build id names the binary.
                buildId = frame.buildId();
            }
        }
        samples.add(new StackSample(pid, service, buildId, frameIds, count));
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    ProfileBatch build(long timestampMillis) {
        return new ProfileBatch(timestampMillis, frames, samples);
    }
}
