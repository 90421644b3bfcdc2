package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.plugin.cpuprofiler.symbols.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one cycle's batch: each distinct frame once in the dictionary, stacks as ids into it,
 * and each binary the frames ran in once. A frame is its name in its binary (build id): two
 * programs' {@code main} stay two frames.
 */
final class ProfileBatches {
    /** The size of a binary, by the pid that maps it and its path as that process sees it; -1 when unknown. */
    interface FileSizes {
        long sizeOf(int pid, String path);
    }

    private record Key(String name, String buildId) {}

    private final FileSizes sizes;
    private final List<String> frames = new ArrayList<>();
    private final List<String> frameBuildIds = new ArrayList<>();
    private final Map<Key, Integer> ids = new HashMap<>();
    private final Map<String, ProfileBinary> binaries = new LinkedHashMap<>();
    private final List<StackSample> samples = new ArrayList<>();

    ProfileBatches() {
        this(ProfileBatches::statThroughProcessRoot);
    }

    ProfileBatches(FileSizes sizes) {
        this.sizes = sizes;
    }

    /** Adds one stack, innermost frame first. */
    void add(int pid, String service, List<Frame> stack, long count) {
        int[] frameIds = new int[stack.size()];
        String buildId = "";
        for (int i = 0; i < frameIds.length; i++) {
            Frame frame = stack.get(i);
            String frameBuild = frame.kind() == Frame.Kind.NATIVE ? frame.buildId() : "";
            frameIds[i] = ids.computeIfAbsent(new Key(frame.name(), frameBuild), key -> {
                frames.add(key.name());
                frameBuildIds.add(key.buildId());
                return frames.size() - 1;
            });
            if (!frameBuild.isEmpty()) {
                // The outermost native frame is the program's own (_start, main): its build id names the binary.
                buildId = frameBuild;
                binaries.computeIfAbsent(frameBuild, id -> ProfileBinary.of(id, frame.binary(),
                        sizes.sizeOf(pid, frame.binary())));
            }
        }
        samples.add(new StackSample(pid, service, buildId, frameIds, count));
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    ProfileBatch build(long timestampMillis) {
        return new ProfileBatch(timestampMillis, frames, samples, frameBuildIds, List.copyOf(binaries.values()));
    }

    /** Through the process's root, so a container's file is the one measured (never a host file of that name). */
    private static long statThroughProcessRoot(int pid, String path) {
        if (!path.startsWith("/")) {
            return -1; // [vdso] and other pseudo files
        }
        try {
            return Files.size(Path.of("/proc/" + pid + "/root" + path));
        } catch (IOException | SecurityException e) {
            return -1; // exited, or not visible from here
        }
    }
}
