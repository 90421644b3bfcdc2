package dev.coral.agent.server.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.api.query.ProfileSampleRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The flame graph's own script, run by a real JavaScript engine (Node) over the frames the SVG
 * holds, with a small stand-in for the browser's DOM: a click zooms, Reset Zoom restores, Search
 * highlights and measures.
 */
class FlameGraphScriptTest {
    @TempDir
    Path dir;

    /** The DOM the script uses, over the frames given as JSON; then the clicks; prints the frames after each. */
    private static final String HARNESS = """
            const frames = JSON.parse(process.argv[2]);
            function el(attrs, text) {
              return { attrs: Object.assign({}, attrs), style: {}, textContent: text || "", children: [],
                getAttribute(k) { return this.attrs[k]; }, setAttribute(k, v) { this.attrs[k] = String(v); },
                appendChild(c) { this.children.push(c); } };
            }
            const groups = frames.map(f => {
              const g = el({}), rect = el({x: f.x, y: f.y, width: f.w, fill: f.fill}), title = el({}, f.title);
              g.parts = {rect: rect, title: title, text: null};
              g.querySelector = sel => g.parts[sel];
              g.closest = () => g;
              rect.closest = () => g;
              return g;
            });
            const byId = {unzoom: el({}), search: el({}), matched: el({})};
            Object.keys(byId).forEach(k => { byId[k].id = k; byId[k].closest = () => null; });
            let handler;
            global.document = {
              querySelectorAll: () => groups, getElementById: id => byId[id],
              documentElement: { addEventListener: (t, h) => { handler = h; } },
              createElementNS: () => el({})
            };
            global.window = { prompt: () => "^a$", alert: m => { throw new Error(m); } };
            require(process.argv[3]);
            const dump = label => console.log(label + " " + JSON.stringify(groups.map(g => ({
              name: g.parts.title.textContent.split(" (")[0], x: +g.parts.rect.attrs.x, w: +g.parts.rect.attrs.width,
              shown: g.style.display !== "none", fill: g.parts.rect.attrs.fill }))) + " " + byId.matched.textContent);
            const a = groups.find(g => g.parts.title.textContent.startsWith("a ("));
            handler({target: a.parts.rect}); dump("zoomed");
            handler({target: byId.unzoom}); dump("reset");
            handler({target: byId.search}); dump("searched");
            """;

    @Test
    void clickZoomsResetRestoresSearchHighlights() throws Exception {
        // app;main;a 3 and app;main;b 1: a is three quarters of the width.
        byte[] svg = FlameGraphSvg.render(StackCounts.of(List.of(
                new ProfileSampleRow(1, 0, "app", 7, "", List.of("a", "main"), 3),
                new ProfileSampleRow(2, 0, "app", 7, "", List.of("b", "main"), 1))), "CPU");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        StringBuilder json = new StringBuilder("[");
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            Element rect = (Element) g.getElementsByTagName("rect").item(0);
            json.append(i == 0 ? "" : ",").append("{\"x\":").append(rect.getAttribute("x")).append(",\"y\":")
                    .append(rect.getAttribute("y")).append(",\"w\":").append(rect.getAttribute("width"))
                    .append(",\"fill\":\"").append(rect.getAttribute("fill")).append("\",\"title\":\"")
                    .append(g.getElementsByTagName("title").item(0).getTextContent()).append("\"}");
        }
        json.append(']');
        String script = doc.getElementsByTagName("script").item(0).getTextContent();
        Path js = Files.writeString(dir.resolve("flamegraph.js"), script);
        Path harness = Files.writeString(dir.resolve("harness.js"), HARNESS);

        Process node;
        try {
            node = new ProcessBuilder("node", harness.toString(), json.toString(), js.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            System.out.println("SKIP: node not available to run the flame graph's script: " + e.getMessage());
            assumeTrue(false, "node not available");
            return;
        }
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();

        assertThat(lines.get(0)).as("zoomed into a: a spans the width, its ancestors too, b is hidden")
                .contains("{\"name\":\"a\",\"x\":10,\"w\":1200,\"shown\":true")
                .contains("{\"name\":\"main\",\"x\":10,\"w\":1200,\"shown\":true")
                .contains("\"name\":\"b\",\"x\":910,\"w\":300,\"shown\":false");
        assertThat(lines.get(1)).as("reset: the drawn positions again")
                .contains("{\"name\":\"a\",\"x\":10,\"w\":900,\"shown\":true")
                .contains("{\"name\":\"b\",\"x\":910,\"w\":300,\"shown\":true");
        assertThat(lines.get(2)).as("search ^a$: a highlighted, 75 % of the samples")
                .contains("{\"name\":\"a\",\"x\":10,\"w\":900,\"shown\":true,\"fill\":\"rgb(230,0,230)\"}")
                .doesNotContain("\"name\":\"b\",\"x\":910,\"w\":300,\"shown\":true,\"fill\":\"rgb(230,0,230)\"")
                .endsWith("Matched: 75.0%");
    }
}
