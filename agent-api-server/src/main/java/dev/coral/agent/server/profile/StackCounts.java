package dev.coral.agent.server.profile;

import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.query.ProfileSampleRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Profile samples of a time range merged into one count per distinct stack, root first. The
 * root frame names the process (its service, else {@code pid:N}). When the range holds several
 * builds of one binary (a deploy: one path, several build ids), a {@code [build_id:…]} frame
 * follows the root in the stacks that ran one of those builds, so versions never blend into one
 * flame; otherwise no such frame appears.
 */
public final class StackCounts {
    /** Characters of a build id shown in a {@code [build_id:…]} frame: enough to tell builds apart. */
    static final int SHOWN_BUILD_ID = 16;

    /**
     * One frame: its name and its binary's build id, empty for kernel, JIT, unknown and the
     * frames this class adds (process root, {@code [build_id:…]}).
     */
    public record Frame(String name, String buildId) {}

    private final Map<List<Frame>, Long> counts;
    private final Map<String, ProfileBinary> binaries;

    private StackCounts(Map<List<Frame>, Long> counts, Map<String, ProfileBinary> binaries) {
        this.counts = counts;
        this.binaries = binaries;
    }

    /** Rows whose binaries are unknown: build ids are compared per process (the rows' {@code buildId}). */
    public static StackCounts of(List<ProfileSampleRow> rows) {
        return of(rows, ids -> List.of());
    }

    public static StackCounts of(List<ProfileSampleRow> rows, Function<Collection<String>, List<ProfileBinary>> binaries) {
        Merger merger = new Merger();
        merger.add(rows);
        return merger.result(binaries);
    }

    /**
     * Merges samples page by page, keeping one count per distinct stack and build rather than the
     * rows: a range's samples need not fit in memory at once.
     */
    public static final class Merger {
        /** A stack of one process and build, frames root first (without the process's own root frame). */
        private record Stack(String process, String buildId, List<Frame> framesRootFirst) {}

        private final Map<Stack, Long> stacks = new LinkedHashMap<>();
        private final Map<String, Set<String>> processBuilds = new HashMap<>();
        private final Set<String> frameBuildIds = new LinkedHashSet<>();
        /** One instance per distinct frame: stacks share their frames. */
        private final Map<Frame, Frame> frames = new HashMap<>();

        public void add(List<ProfileSampleRow> rows) {
            for (ProfileSampleRow r : rows) {
                String build = r.buildId() == null ? "" : r.buildId();
                processBuilds.computeIfAbsent(process(r), k -> new HashSet<>()).add(build);
                List<Frame> rootFirst = new ArrayList<>(r.stackFrames().size());
                for (int i = r.stackFrames().size() - 1; i >= 0; i--) {
                    Frame f = new Frame(r.stackFrames().get(i), r.frameBuildIds().get(i));
                    rootFirst.add(frames.computeIfAbsent(f, x -> x));
                    if (!f.buildId().isEmpty()) {
                        frameBuildIds.add(f.buildId());
                    }
                }
                stacks.merge(new Stack(process(r), build, List.copyOf(rootFirst)), r.count(), Long::sum);
            }
        }

        /** Merges without binaries: build ids are compared per process. */
        public StackCounts result() {
            return result(ids -> List.of());
        }

        /** @param binaries what the store knows of the frames' build ids (path and name tell builds of one binary) */
        public StackCounts result(Function<Collection<String>, List<ProfileBinary>> binaries) {
            Map<String, ProfileBinary> known = new LinkedHashMap<>();
            if (!frameBuildIds.isEmpty()) {
                binaries.apply(frameBuildIds).forEach(b -> known.put(b.buildId(), b));
            }
            Set<String> deployed = deployedBuilds(known.values());
            Map<List<Frame>, Long> counts = new LinkedHashMap<>();
            stacks.forEach((s, count) -> {
                List<Frame> stack = new ArrayList<>(s.framesRootFirst().size() + 2);
                stack.add(new Frame(s.process(), ""));
                stack.addAll(buildFrames(s, known.keySet(), deployed));
                stack.addAll(s.framesRootFirst());
                counts.merge(List.copyOf(stack), count, Long::sum);
            });
            return new StackCounts(counts, Collections.unmodifiableMap(known));
        }

        /** The {@code [build_id:…]} frames of a stack: one per build of a deployed binary it ran, outermost first. */
        private List<Frame> buildFrames(Stack s, Set<String> known, Set<String> deployed) {
            Set<String> ids = new LinkedHashSet<>();
            boolean anyKnown = false;
            for (Frame f : s.framesRootFirst()) {
                anyKnown |= known.contains(f.buildId());
                if (deployed.contains(f.buildId())) {
                    ids.add(f.buildId());
                }
            }
            if (!anyKnown && !s.buildId().isEmpty() && processBuilds.get(s.process()).size() > 1) {
                // No binary of this stack is known (stored without frame build ids, or by a store that
                // keeps no binaries): the process's builds tell.
                ids.add(s.buildId());
            }
            return ids.stream().map(id -> new Frame("[build_id:" + id.substring(0, Math.min(SHOWN_BUILD_ID,
                    id.length())) + "]", "")).toList();
        }
    }

    /** Build ids of binaries that have several in the range: same path (or name, without one), another build. */
    private static Set<String> deployedBuilds(Collection<ProfileBinary> binaries) {
        Map<String, Set<String>> byBinary = new HashMap<>();
        for (ProfileBinary b : binaries) {
            String key = b.path().isEmpty() ? b.name() : b.path();
            if (!key.isEmpty()) {
                byBinary.computeIfAbsent(key, k -> new HashSet<>()).add(b.buildId());
            }
        }
        Set<String> out = new HashSet<>();
        byBinary.values().stream().filter(ids -> ids.size() > 1).forEach(out::addAll);
        return out;
    }

    private static String process(ProfileSampleRow r) {
        return r.serviceName() == null || r.serviceName().isEmpty() ? "pid:" + r.pid() : r.serviceName();
    }

    /** Distinct stacks by frame name, root first, with their sample counts. */
    public Map<List<String>, Long> stacks() {
        Map<List<String>, Long> out = new LinkedHashMap<>();
        counts.forEach((stack, n) -> out.merge(stack.stream().map(Frame::name).toList(), n, Long::sum));
        return Collections.unmodifiableMap(out);
    }

    /** Distinct stacks with each frame's build id, root first: what pprof's mappings need. */
    public Map<List<Frame>, Long> frameStacks() {
        return Collections.unmodifiableMap(counts);
    }

    /** The binaries the frames ran in, by build id, as far as the store knows them. */
    public Map<String, ProfileBinary> binaries() {
        return binaries;
    }

    public long totalSamples() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
