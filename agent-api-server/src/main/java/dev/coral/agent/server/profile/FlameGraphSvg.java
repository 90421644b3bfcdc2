package dev.coral.agent.server.profile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flame graph in SVG, as flamegraph.pl draws one: roots at the bottom, each frame as wide as
 * its share of samples, children sorted by name, a tooltip with the exact count. Self-contained
 * (an inline script, no external reference): click a frame to zoom into it, "Reset Zoom" to come
 * back, "Search" highlights the frames matching a regular expression and says what share of the
 * samples they hold. Frames narrower than a tenth of a pixel are left out, which bounds the output
 * for huge profiles.
 *
 * <p>The differential graph ({@link #renderDiff}) draws the newer profile and colours each frame by
 * how its share of the samples changed since the older one, as Brendan Gregg's difffolded.pl and
 * flamegraph.pl do: red grew, blue shrank, white the same, deeper for a larger change.
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
        /** Samples of the same frame (same path from the root) in the older profile of a diff. */
        long before;
        final Map<String, Node> children = new TreeMap<>();
    }

    /** How a frame is coloured and described. */
    private interface Style {
        String fill(String name, Node node);

        String label(String name, Node node);
    }

    public static byte[] render(StackCounts counts, String title) {
        Node root = tree(counts);
        Style style = new Style() {
            @Override
            public String fill(String name, Node node) {
                return hot(name);
            }

            @Override
            public String label(String name, Node node) {
                return name + " (" + node.count + " samples, " + percent(node.count, root.count) + "%)";
            }
        };
        return svg(root, title + " (" + root.count + " samples)", style);
    }

    /**
     * The flame graph of {@code after}, each frame coloured by the change of its share of the samples
     * since {@code before}; frames only {@code before} had are not drawn (they hold no sample now).
     */
    public static byte[] renderDiff(StackCounts before, StackCounts after, String title) {
        Node root = tree(after);
        long beforeTotal = 0;
        for (Map.Entry<List<String>, Long> e : before.stacks().entrySet()) {
            beforeTotal += e.getValue();
            Node n = root;
            n.before += e.getValue();
            for (String frame : e.getKey()) {
                n = n.children.get(frame);
                if (n == null) {
                    break;
                }
                n.before += e.getValue();
            }
        }
        long afterTotal = root.count;
        long oldTotal = beforeTotal;
        double maxChange = Math.max(1e-9, maxChange(root, afterTotal, oldTotal));
        Style style = new Style() {
            @Override
            public String fill(String name, Node node) {
                double change = change(node, afterTotal, oldTotal) / maxChange;
                int fade = (int) Math.round(210 * (1 - Math.min(1, Math.abs(change))));
                int strong = 255;
                if (Math.abs(change) < 1e-9) {
                    return "rgb(250,250,250)";
                }
                return change > 0 ? "rgb(" + strong + "," + (45 + fade) + "," + (45 + fade) + ")"
                        : "rgb(" + (45 + fade) + "," + (45 + fade) + "," + strong + ")";
            }

            @Override
            public String label(String name, Node node) {
                double points = 100 * change(node, afterTotal, oldTotal);
                return name + " (after " + node.count + " samples, " + percent(node.count, afterTotal) + "%; before "
                        + node.before + " samples, " + percent(node.before, oldTotal) + "%; "
                        + String.format(Locale.ROOT, "%+.2f", points) + " percentage points)";
            }
        };
        return svg(root, title + " (after " + afterTotal + " samples, before " + beforeTotal
                + "; red grew, blue shrank)", style);
    }

    private static Node tree(StackCounts counts) {
        Node root = new Node();
        for (Map.Entry<List<String>, Long> e : counts.stacks().entrySet()) {
            Node n = root;
            n.count += e.getValue();
            for (String frame : e.getKey()) {
                n = n.children.computeIfAbsent(frame, f -> new Node());
                n.count += e.getValue();
            }
        }
        return root;
    }

    /** The change of a frame's share of the samples, as a fraction (0.1 = ten percentage points more). */
    private static double change(Node node, long afterTotal, long beforeTotal) {
        double now = afterTotal == 0 ? 0 : (double) node.count / afterTotal;
        double then = beforeTotal == 0 ? 0 : (double) node.before / beforeTotal;
        return now - then;
    }

    private static double maxChange(Node node, long afterTotal, long beforeTotal) {
        double max = 0;
        for (Node child : node.children.values()) {
            max = Math.max(max, Math.abs(change(child, afterTotal, beforeTotal)));
            max = Math.max(max, maxChange(child, afterTotal, beforeTotal));
        }
        return max;
    }

    private static int depth(Node node) {
        int d = 0;
        for (Node child : node.children.values()) {
            d = Math.max(d, 1 + depth(child));
        }
        return d;
    }

    private static byte[] svg(Node root, String title, Style style) {
        int height = (depth(root) + 1) * FRAME_HEIGHT + 3 * PAD + FRAME_HEIGHT;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<?xml version=\"1.0\" standalone=\"no\"?>\n")
                .append("<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 2 * PAD)
                .append("\" height=\"").append(height).append("\" font-family=\"Verdana, sans-serif\" font-size=\"12\">\n")
                .append("<style>g.f:hover rect { stroke: #000; stroke-width: 0.5; cursor: pointer; }"
                        + " .button { cursor: pointer; fill: #333; }</style>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f8\"/>\n")
                .append("<text x=\"").append(PAD).append("\" y=\"").append(PAD + 12).append("\">")
                .append(escape(title)).append("</text>\n")
                .append("<text id=\"unzoom\" class=\"button\" x=\"").append(PAD).append("\" y=\"").append(PAD + 30)
                .append("\" style=\"opacity:0\">Reset Zoom</text>\n")
                .append("<text id=\"search\" class=\"button\" x=\"").append(WIDTH + PAD - 100).append("\" y=\"")
                .append(PAD + 12).append("\">Search</text>\n")
                .append("<text id=\"matched\" x=\"").append(WIDTH + PAD - 100).append("\" y=\"").append(PAD + 30)
                .append("\"></text>\n");
        if (root.count > 0) {
            double scale = (double) WIDTH / root.count;
            int baseY = height - PAD - FRAME_HEIGHT;
            double x = PAD;
            for (Map.Entry<String, Node> child : root.children.entrySet()) {
                x = draw(svg, child.getKey(), child.getValue(), x, baseY, scale, style);
            }
        }
        svg.append("<script type=\"text/ecmascript\"><![CDATA[\n").append(SCRIPT).append("]]></script>\n");
        svg.append("</svg>\n");
        return svg.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Draws a frame and its children above it; returns the x where the next sibling starts. */
    private static double draw(StringBuilder svg, String name, Node node, double x, int y, double scale, Style style) {
        double w = node.count * scale;
        if (w >= MIN_WIDTH) {
            svg.append("<g class=\"f\"><title>").append(escape(style.label(name, node))).append("</title><rect x=\"")
                    .append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(FRAME_HEIGHT - 1).append("\" fill=\"").append(style.fill(name, node))
                    .append("\" rx=\"2\"/>");
            int chars = (int) ((w - 6) / CHAR_WIDTH);
            if (chars >= 3) {
                String text = name.length() <= chars ? name : name.substring(0, chars - 2) + "..";
                svg.append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(y + FRAME_HEIGHT - 4)
                        .append("\">").append(escape(text)).append("</text>");
            }
            svg.append("</g>\n");
            double cx = x;
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                cx = draw(svg, child.getKey(), child.getValue(), cx, y - FRAME_HEIGHT, scale, style);
            }
        }
        return x + w;
    }

    /**
     * Zoom and search, in the page itself. A frame's name is its tooltip up to the last " (".
     * Frames keep their drawn position in data (x, w, y); a zoom scales the clicked frame's
     * subtree to the full width, dims its ancestors and hides the rest.
     */
    private static final String SCRIPT = """
            (function () {
              var W = %d, PAD = %d, FH = %d, CW = %s, EPS = 0.02, NS = "http://www.w3.org/2000/svg";
              var frames = [].slice.call(document.querySelectorAll("g.f")).map(function (g) {
                var r = g.querySelector("rect"), t = g.querySelector("title").textContent;
                return {g: g, r: r, t: g.querySelector("text"), x: +r.getAttribute("x"), w: +r.getAttribute("width"),
                  y: +r.getAttribute("y"), fill: r.getAttribute("fill"), name: t.substring(0, t.lastIndexOf(" ("))};
              });
              var unzoom = document.getElementById("unzoom"), matched = document.getElementById("matched");
              var searching = false;
              function place(f, x, w) {
                f.r.setAttribute("x", x.toFixed(2));
                f.r.setAttribute("width", w.toFixed(2));
                var c = Math.floor((w - 6) / CW);
                var text = c < 3 ? "" : (f.name.length <= c ? f.name : f.name.substring(0, c - 2) + "..");
                if (!f.t && text) {
                  f.t = document.createElementNS(NS, "text");
                  f.t.setAttribute("y", f.y + FH - 4);
                  f.g.appendChild(f.t);
                }
                if (f.t) {
                  f.t.setAttribute("x", (x + 3).toFixed(2));
                  f.t.textContent = text;
                }
              }
              function zoom(z) {
                var s = W / z.w;
                frames.forEach(function (f) {
                  var ancestor = f.y > z.y && f.x <= z.x + EPS && f.x + f.w >= z.x + z.w - EPS;
                  var inside = f.y <= z.y && f.x >= z.x - EPS && f.x + f.w <= z.x + z.w + EPS;
                  f.g.style.display = ancestor || inside ? "" : "none";
                  f.g.style.opacity = ancestor ? "0.5" : "";
                  if (ancestor) { place(f, PAD, W); } else if (inside) { place(f, PAD + (f.x - z.x) * s, f.w * s); }
                });
                unzoom.style.opacity = "1";
              }
              function reset() {
                frames.forEach(function (f) { f.g.style.display = ""; f.g.style.opacity = ""; place(f, f.x, f.w); });
                unzoom.style.opacity = "0";
              }
              function search() {
                if (searching) {
                  frames.forEach(function (f) { f.r.setAttribute("fill", f.fill); });
                  matched.textContent = "";
                  searching = false;
                  return;
                }
                var term = window.prompt("Search frames (regular expression)", "");
                if (!term) { return; }
                var re;
                try { re = new RegExp(term); } catch (e) { window.alert(e.message); return; }
                var spans = [];
                frames.forEach(function (f) {
                  var hit = re.test(f.name);
                  f.r.setAttribute("fill", hit ? "rgb(230,0,230)" : f.fill);
                  if (hit) { spans.push([f.x, f.x + f.w]); }
                });
                spans.sort(function (a, b) { return a[0] - b[0]; });
                var covered = 0, end = -1;
                spans.forEach(function (sp) {
                  if (sp[1] > end) { covered += sp[1] - Math.max(sp[0], end); end = sp[1]; }
                });
                matched.textContent = "Matched: " + (100 * covered / W).toFixed(1) + "%%";
                searching = true;
              }
              document.documentElement.addEventListener("click", function (e) {
                var target = e.target;
                if (target === unzoom) { reset(); return; }
                if (target.id === "search") { search(); return; }
                var g = target.closest ? target.closest("g.f") : null;
                for (var i = 0; g && i < frames.length; i++) { if (frames[i].g === g) { zoom(frames[i]); return; } }
              });
            })();
            """.formatted(WIDTH, PAD, FRAME_HEIGHT, "7");

    /** Warm colours, stable per name, as flamegraph.pl's "hot" palette. */
    private static String hot(String name) {
        int h = name.hashCode();
        int r = 205 + Math.floorMod(h, 50);
        int g = Math.floorMod(h >> 8, 180);
        int b = Math.floorMod(h >> 16, 55);
        return "rgb(" + r + "," + g + "," + b + ")";
    }

    private static String percent(long part, long total) {
        return String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : 100.0 * part / total);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
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
