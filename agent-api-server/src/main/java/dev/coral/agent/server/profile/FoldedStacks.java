package dev.coral.agent.server.profile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * flamegraph.pl's folded format: one line per stack, {@code root;...;leaf count}, sorted.
 * A ';' or line break inside a frame name would split it, so they are replaced. {@link #renderDiff}
 * writes difffolded.pl's two-count lines.
 */
public final class FoldedStacks {
    private FoldedStacks() {}

    public static byte[] render(StackCounts counts) {
        Map<String, Long> lines = new TreeMap<>();
        for (Map.Entry<List<String>, Long> e : counts.stacks().entrySet()) {
            lines.merge(line(e.getKey()), e.getValue(), Long::sum);
        }
        StringBuilder out = new StringBuilder();
        lines.forEach((stack, n) -> out.append(stack).append(' ').append(n).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * difffolded.pl's output: one line per stack of either profile, {@code root;...;leaf before after},
     * sorted, 0 where a profile lacks the stack (counts as they are, not normalized).
     */
    public static byte[] renderDiff(StackCounts before, StackCounts after) {
        Map<String, long[]> lines = new TreeMap<>();
        before.stacks().forEach((stack, n) -> lines.computeIfAbsent(line(stack), k -> new long[2])[0] += n);
        after.stacks().forEach((stack, n) -> lines.computeIfAbsent(line(stack), k -> new long[2])[1] += n);
        StringBuilder out = new StringBuilder();
        lines.forEach((stack, n) -> out.append(stack).append(' ').append(n[0]).append(' ').append(n[1]).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String line(List<String> stack) {
        StringBuilder sb = new StringBuilder();
        for (String frame : stack) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(clean(frame));
        }
        return sb.toString();
    }

    static String clean(String frame) {
        return frame.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
    }
}
