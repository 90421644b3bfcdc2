package dev.coral.agent.runtime.api.profile;

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
        Map<String, Set<String>> builds = new HashMap<>();
        for (ProfileSampleRow r : rows) {
            builds.computeIfAbsent(process(r), k -> new HashSet<>()).add(r.buildId() == null ? "" : r.buildId());
        }
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (ProfileSampleRow r : rows) {
            String root = process(r);
            if (builds.get(root).size() > 1 && r.buildId() != null && !r.buildId().isEmpty()) {
                root += " [build_id:" + r.buildId().substring(0, Math.min(16, r.buildId().length())) + "]";
            }
            List<String> stack = new ArrayList<>(r.stackFrames().size() + 1);
            stack.add(root);
            List<String> innermostFirst = new ArrayList<>(r.stackFrames());
            Collections.reverse(innermostFirst);
            stack.addAll(innermostFirst);
            counts.merge(List.copyOf(stack), r.count(), Long::sum);
        }
        return new StackCounts(counts);
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
