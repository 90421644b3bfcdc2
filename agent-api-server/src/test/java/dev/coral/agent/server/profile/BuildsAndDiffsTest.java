package dev.coral.agent.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.query.ProfileSampleRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Frames with build ids: deploys in folded stacks, pprof mappings; differential folded and SVG output. */
class BuildsAndDiffsTest {
    private static final String V1 = "11111111111111111111aaaa";
    private static final String V2 = "22222222222222222222bbbb";
    private static final String LIBC = "33333333333333333333cccc";
    private static final String OTHER = "44444444444444444444dddd";
    private static final Map<String, ProfileBinary> BINARIES = Map.of(
            V1, ProfileBinary.of(V1, "/srv/app", 10), V2, ProfileBinary.of(V2, "/srv/app", 11),
            LIBC, ProfileBinary.of(LIBC, "/usr/lib/libc.so.6", 20), OTHER, ProfileBinary.of(OTHER, "/usr/bin/other", 30));
    private static final Function<Collection<String>, List<ProfileBinary>> STORE =
            ids -> ids.stream().filter(BINARIES::containsKey).map(BINARIES::get).toList();

    /** A row from "frame@buildid" strings, innermost first; no '@' for frames without a binary. */
    private static ProfileSampleRow row(String service, long count, String... innermostFirst) {
        List<String> names = new ArrayList<>();
        List<String> builds = new ArrayList<>();
        for (String f : innermostFirst) {
            int at = f.indexOf('@');
            names.add(at < 0 ? f : f.substring(0, at));
            builds.add(at < 0 ? "" : f.substring(at + 1));
        }
        String main = builds.getLast();
        return new ProfileSampleRow(1, 0, service, 7, main, names, count, builds);
    }

    private static String folded(List<ProfileSampleRow> rows) {
        return new String(FoldedStacks.render(StackCounts.of(rows, STORE)), StandardCharsets.UTF_8);
    }

    @Test
    void aBuildIdFrameAppearsOnlyWhenTheWindowHoldsTwoBuildsOfOneBinary() {
        List<ProfileSampleRow> oneBuild = List.of(row("app", 3, "hot@" + V1, "main@" + V1),
                row("app", 1, "write@" + LIBC, "main@" + V1), row("other", 2, "main@" + OTHER));
        assertThat(folded(oneBuild)).as("one build per binary: no build id frame")
                .isEqualTo("app;main;hot 3\napp;main;write 1\nother;main 2\n");

        List<ProfileSampleRow> deploy = new ArrayList<>(oneBuild);
        deploy.add(row("app", 5, "hot@" + V2, "main@" + V2));
        deploy.add(row("app", 4, "sys_write", "write@" + LIBC, "main@" + V2));
        assertThat(folded(deploy)).as("a deploy of /srv/app: its stacks carry the build they ran; libc and other do not")
                .isEqualTo("""
                        app;[build_id:1111111111111111];main;hot 3
                        app;[build_id:1111111111111111];main;write 1
                        app;[build_id:2222222222222222];main;hot 5
                        app;[build_id:2222222222222222];main;write;sys_write 4
                        other;main 2
                        """);
        assertThat(folded(List.of(row("app", 1, "main@x1"), row("app", 1, "main@x2")).stream()
                .map(r -> new ProfileSampleRow(1, 0, "app", 7, "", r.stackFrames(), 1, r.frameBuildIds())).toList()))
                .as("build ids the store does not know (and rows without one) are not a deploy").isEqualTo("app;main 2\n");
        assertThat(new String(FoldedStacks.render(StackCounts.of(deploy)), StandardCharsets.UTF_8))
                .as("without the store's binaries the rows' build ids are compared per process")
                .contains("app;[build_id:1111111111111111];main;hot 3");
    }

    @Test
    void pprofHasAMappingPerBinaryWithItsBuildIdAndLocationsPointAtIt() throws Exception {
        StackCounts counts = StackCounts.of(List.of(row("app", 3, "hot@" + V1, "main@" + V1),
                row("app", 2, "sys_write", "write@" + LIBC, "main@" + V1), row("other", 1, "main@" + OTHER)), STORE);
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(Pprof.render(counts, 0, 1000))).readAllBytes();
        UnknownFieldSet profile = UnknownFieldSet.parseFrom(raw);
        List<String> strings = profile.getField(6).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();

        Map<Long, String[]> mappings = new HashMap<>(); // id -> {filename, build id}
        for (ByteString m : profile.getField(3).getLengthDelimitedList()) {
            UnknownFieldSet mapping = UnknownFieldSet.parseFrom(m);
            mappings.put(mapping.getField(1).getVarintList().getFirst(), new String[] {
                    strings.get(mapping.getField(5).getVarintList().getFirst().intValue()),
                    strings.get(mapping.getField(6).getVarintList().getFirst().intValue())});
        }
        assertThat(mappings.values()).extracting(m -> m[0] + " " + m[1]).containsExactlyInAnyOrder(
                "/srv/app " + V1, "/usr/lib/libc.so.6 " + LIBC, "/usr/bin/other " + OTHER);

        Map<Long, String> functionNames = new HashMap<>();
        for (ByteString f : profile.getField(5).getLengthDelimitedList()) {
            UnknownFieldSet function = UnknownFieldSet.parseFrom(f);
            functionNames.put(function.getField(1).getVarintList().getFirst(),
                    strings.get(function.getField(2).getVarintList().getFirst().intValue()));
        }
        List<String> locations = new ArrayList<>(); // "function -> build id of its mapping" ("-" for none)
        for (ByteString l : profile.getField(4).getLengthDelimitedList()) {
            UnknownFieldSet location = UnknownFieldSet.parseFrom(l);
            UnknownFieldSet line = UnknownFieldSet.parseFrom(location.getField(4).getLengthDelimitedList().getFirst());
            List<Long> mappingId = location.getField(2).getVarintList();
            locations.add(functionNames.get(line.getField(1).getVarintList().getFirst()) + " -> "
                    + (mappingId.isEmpty() ? "-" : mappings.get(mappingId.getFirst())[1]));
        }
        assertThat(locations).as("main of two binaries is two locations; kernel and root frames have no mapping")
                .containsExactlyInAnyOrder("app -> -", "other -> -", "main -> " + V1, "hot -> " + V1,
                        "write -> " + LIBC, "sys_write -> -", "main -> " + OTHER);
    }

    private static StackCounts counts(long a, long b, long c) {
        List<ProfileSampleRow> rows = new ArrayList<>();
        if (a > 0) {
            rows.add(row("app", a, "a", "main"));
        }
        if (b > 0) {
            rows.add(row("app", b, "b", "main"));
        }
        if (c > 0) {
            rows.add(row("app", c, "c", "main"));
        }
        return StackCounts.of(rows);
    }

    @Test
    void diffFoldedGivesBeforeAndAfterCountsOfEveryStack() {
        String diff = new String(FoldedStacks.renderDiff(counts(10, 10, 0), counts(30, 0, 10)), StandardCharsets.UTF_8);
        assertThat(diff).isEqualTo("app;main;a 10 30\napp;main;b 10 0\napp;main;c 0 10\n");
    }

    @Test
    void diffSvgDrawsTheNewerProfileRedWhereAShareGrewAndBlueWhereItShrank() throws Exception {
        // Before: a 50 %, b 50 %. After: a 60 %, b 20 %, c 20 %.
        Document svg = xml(FlameGraphSvg.renderDiff(counts(10, 10, 0), counts(30, 10, 10), "CPU, difference"));
        Map<String, Element> frames = frames(svg);
        assertThat(frames).containsOnlyKeys("app", "main", "a", "b", "c");
        assertThat(title(frames.get("a"))).isEqualTo(
                "a (after 30 samples, 60.00%; before 10 samples, 50.00%; +10.00 percentage points)");
        assertThat(title(frames.get("b"))).contains("before 10 samples, 50.00%; -30.00 percentage points");
        assertThat(title(frames.get("c"))).contains("+20.00 percentage points");
        assertThat(rgb(frames.get("b"))).as("b shrank most: deepest blue").containsExactly(45, 45, 255);
        int[] a = rgb(frames.get("a"));
        assertThat(a[0]).as("a grew: red").isEqualTo(255);
        assertThat(a[1]).isEqualTo(a[2]).isGreaterThan(45).isLessThan(255);
        assertThat(rgb(frames.get("c"))[0]).isEqualTo(255);
        assertThat(rgb(frames.get("main"))).as("100 % in both: unchanged").containsExactly(250, 250, 250);
        assertThat(svg.getDocumentElement().getTextContent()).contains("after 50 samples, before 20");
    }

    @Test
    void svgIsSelfContainedWithZoomAndSearch() throws Exception {
        byte[] bytes = FlameGraphSvg.render(counts(3, 1, 0), "CPU");
        Document svg = xml(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(svg.getElementsByTagName("script").getLength()).isEqualTo(1);
        assertThat(text).contains("function zoom(", "function search(", "Reset Zoom", ">Search<")
                .doesNotContain("href=", "src=");
        assertThat(text.replace("http://www.w3.org/2000/svg", "")).as("nothing fetched").doesNotContain("http");
        assertThat(frames(svg)).containsOnlyKeys("app", "main", "a", "b");
    }

    private static Document xml(byte[] svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    /** Frame groups by name (the tooltip up to its last " ("). */
    private static Map<String, Element> frames(Document svg) {
        Map<String, Element> out = new HashMap<>();
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String t = title(g);
            out.put(t.substring(0, t.lastIndexOf(" (")), g);
        }
        return out;
    }

    private static String title(Element g) {
        return g.getElementsByTagName("title").item(0).getTextContent();
    }

    private static int[] rgb(Element g) {
        String fill = ((Element) g.getElementsByTagName("rect").item(0)).getAttribute("fill");
        String[] parts = fill.substring(4, fill.length() - 1).split(",");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }
}
