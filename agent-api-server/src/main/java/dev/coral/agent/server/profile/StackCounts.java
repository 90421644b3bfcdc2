package dev.coral.agent.server.profile;

import dev.coral.agent.api.query.ProfileSampleRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profile samples of a time range merged into one count per distinct stack, root first. The
 * root frame names the process (its service, else {@code pid:N}); when one service ran
 * several builds in the range, the build id is added to it ({@code svc [build_id:ab12cd34]}) so
 * versions never blend into one flame.
 */
public final class StackCounts {
    private final Map<List<String>, Long> counts;

    private StackCounts(Map<List<String>, Long> counts) {
        this.counts = counts;
    }

    public static StackCounts of(List<ProfileSampleRow> rows) {
        Merger merger = new Merger();
        merger.add(rows);
        return merger.result();
    }

    /**
     * Merges samples page by page, keeping one count per distinct stack and build rather than the
     * rows: a range's samples need not fit in memory at once.
     */
    public static final class Merger {
        /** A stack of one process and build, frames root first (without the process's own root frame). */
        private record Stack(String process, String buildId, List<String> framesRootFirst) {}

        private final Map<Stack, Long> stacks = new LinkedHashMap<>();
        private final Map<String, Set<String>> builds = new HashMap<>();

        public void add(List<ProfileSampleRow> rows) {
            for (ProfileSampleRow r : rows) {
                String build = r.buildId() == null ? "" : r.buildId();
                builds.computeIfAbsent(process(r), k -> new HashSet<>()).add(build);
                List<String> rootFirst = new ArrayList<>(r.stackFrames());
                Collections.reverse(rootFirst);
                stacks.merge(new Stack(process(r), build, List.copyOf(rootFirst)), r.count(), Long::sum);
            }
        }

        public StackCounts result() {
            Map<List<String>, Long> counts = new LinkedHashMap<>();
            stacks.forEach((s, count) -> {
                String root = s.process();
                if (builds.get(root).size() > 1 && !s.buildId().isEmpty()) {
                    root += " [build_id:" + s.buildId().substring(0, Math.min(16, s.buildId().length())) + "]";
                }
                List<String> stack = new ArrayList<>(s.framesRootFirst().size() + 1);
                stack.add(root);
                stack.addAll(s.framesRootFirst());
                counts.merge(List.copyOf(stack), count, Long::sum);
            });
            return new StackCounts(counts);
        }
    }

    private static String process(ProfileSampleRow r) {
        return r.serviceName() == null || r.serviceName().isEmpty() ? "pid:" + r.pid() : r.serviceName();
    }

    /** Distinct stacks, root first, with their sample counts. */
    public Map<List<String>, Long> stacks() {
        return Collections.unmodifiableMap(counts);
    }

    public long totalSamples() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
