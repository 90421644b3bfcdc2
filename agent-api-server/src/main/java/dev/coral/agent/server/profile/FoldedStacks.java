package dev.coral.agent.server.profile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * flamegraph.pl's folded format: one line per stack, {@code root;...;leaf count}, sorted.
 * A ';' or line break inside a frame name would split it, so they are replaced.
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
