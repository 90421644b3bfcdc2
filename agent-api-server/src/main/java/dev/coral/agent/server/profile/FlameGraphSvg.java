package dev.coral.agent.server.profile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A static flame graph in SVG, as flamegraph.pl draws one: roots at the bottom, each frame as
 * wide as its share of samples, children sorted by name, a tooltip with the exact count.
 * Frames narrower than a tenth of a pixel are left out, which bounds the output for huge
 * profiles.
 */
public final class FlameGraphSvg {
    private static final int WIDTH = 1200;
    private static final int FRAME_HEIGHT = 16;
    private static final int PAD = 10;
    private static final double MIN_WIDTH = 0.1;
    private static final double CHAR_WIDTH = 7.0;

    private FlameGraphSvg() {}

    private static final class Node {
        long count;
        final Map<String, Node> children = new TreeMap<>();
    }

    public static byte[] render(StackCounts counts, String title) {
        Node root = new Node();
        int depth = 0;
        for (Map.Entry<List<String>, Long> e : counts.stacks().entrySet()) {
            Node n = root;
            n.count += e.getValue();
            for (String frame : e.getKey()) {
                n = n.children.computeIfAbsent(frame, f -> new Node());
                n.count += e.getValue();
            }
            depth = Math.max(depth, e.getKey().size());
        }
        int height = (depth + 1) * FRAME_HEIGHT + 3 * PAD + FRAME_HEIGHT;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<?xml version=\"1.0\" standalone=\"no\"?>\n")
                .append("<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 2 * PAD)
                .append("\" height=\"").append(height).append("\" font-family=\"Verdana, sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f8\"/>\n")
                .append("<text x=\"").append(PAD).append("\" y=\"").append(PAD + 12).append("\">")
                .append(escape(title)).append(" (").append(root.count).append(" samples)</text>\n");
        if (root.count > 0) {
            double scale = (double) WIDTH / root.count;
            int baseY = height - PAD - FRAME_HEIGHT;
            double x = PAD;
            for (Map.Entry<String, Node> child : root.children.entrySet()) {
                x = draw(svg, child.getKey(), child.getValue(), x, baseY, scale, root.count);
            }
        }
        svg.append("</svg>\n");
        return svg.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Draws a frame and its children above it; returns the x where the next sibling starts. */
    private static double draw(StringBuilder svg, String name, Node node, double x, int y, double scale, long total) {
        double w = node.count * scale;
        if (w >= MIN_WIDTH) {
            String label = name + " (" + node.count + " samples, "
                    + String.format(java.util.Locale.ROOT, "%.2f", 100.0 * node.count / total) + "%)";
            svg.append("<g><title>").append(escape(label)).append("</title><rect x=\"").append(fmt(x))
                    .append("\" y=\"").append(y).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                    .append(FRAME_HEIGHT - 1).append("\" fill=\"").append(color(name)).append("\" rx=\"2\"/>");
            int chars = (int) ((w - 6) / CHAR_WIDTH);
            if (chars >= 3) {
                String text = name.length() <= chars ? name : name.substring(0, chars - 2) + "..";
                svg.append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(y + FRAME_HEIGHT - 4)
                        .append("\">").append(escape(text)).append("</text>");
            }
            svg.append("</g>\n");
            double cx = x;
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                cx = draw(svg, child.getKey(), child.getValue(), cx, y - FRAME_HEIGHT, scale, total);
            }
        }
        return x + w;
    }

    /** Warm colours, stable per name, as flamegraph.pl's "hot" palette. */
    private static String color(String name) {
        int h = name.hashCode();
        int r = 205 + Math.floorMod(h, 50);
        int g = Math.floorMod(h >> 8, 180);
        int b = Math.floorMod(h >> 16, 55);
        return "rgb(" + r + "," + g + "," + b + ")";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
