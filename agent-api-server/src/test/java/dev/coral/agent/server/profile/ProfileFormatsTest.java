package dev.coral.agent.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.coral.agent.api.query.ProfileSampleRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ProfileFormatsTest {
    private static ProfileSampleRow row(String service, String build, long count, String... innermostFirst) {
        return new ProfileSampleRow(1, 0, service, 7, build, List.of(innermostFirst), count);
    }

    @Test
    void samplesMergePerStackRootFirstUnderTheirProcess() {
        StackCounts counts = StackCounts.of(List.of(row("api", "b1", 3, "leaf", "main"), row("api", "b1", 2, "leaf", "main"),
                row("", "", 1, "idle")));
        assertThat(counts.stacks()).containsEntry(List.of("api", "main", "leaf"), 5L).containsEntry(List.of("pid:7", "idle"), 1L);
        assertThat(counts.totalSamples()).isEqualTo(6);
    }

    @Test
    void rowsWithoutFrameBuildIdsTellTwoBuildsOfOneServiceByTheirBuildId() {
        StackCounts counts = StackCounts.of(List.of(row("api", "aaaa", 1, "f"), row("api", "bbbb", 1, "f"),
                row("db", "cccc", 1, "g")));
        assertThat(counts.stacks().keySet()).containsExactlyInAnyOrder(List.of("api", "[build_id:aaaa]", "f"),
                List.of("api", "[build_id:bbbb]", "f"), List.of("db", "g"));
    }

    @Test
    void foldedLinesAreSortedAndFramesCannotSplitThem() {
        StackCounts counts = StackCounts.of(List.of(row("svc", "", 4, "a;b", "main"), row("svc", "", 1, "x\ny")));
        assertThat(new String(FoldedStacks.render(counts), StandardCharsets.UTF_8))
                .isEqualTo("svc;main;a:b 4\nsvc;x y 1\n");
    }

    @Test
    void pprofIsGzippedProfileProtoWithOneSamplePerStack() throws Exception {
        StackCounts counts = StackCounts.of(List.of(row("svc", "", 4, "leaf", "main"), row("svc", "", 2, "main")));
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(Pprof.render(counts, 1_000, 61_000))).readAllBytes();
        UnknownFieldSet profile = UnknownFieldSet.parseFrom(raw);
        assertThat(profile.getField(2).getLengthDelimitedList()).hasSize(2); // samples
        List<String> strings = profile.getField(6).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
        assertThat(strings.getFirst()).isEmpty();
        assertThat(strings).contains("svc", "main", "leaf", "samples", "count");
        assertThat(profile.getField(10).getVarintList()).containsExactly(60_000_000_000L); // duration_nanos
        UnknownFieldSet first = UnknownFieldSet.parseFrom(profile.getField(2).getLengthDelimitedList().getFirst());
        assertThat(first.getField(1).getVarintList()).hasSize(3); // leaf, main, svc: leaf first
        assertThat(first.getField(2).getVarintList()).containsExactly(4L);
    }

    @Test
    void svgIsAFlameGraphWithEscapedNames() {
        String svg = new String(FlameGraphSvg.render(StackCounts.of(List.of(row("svc", "", 3, "List<T>::get", "main"))),
                "CPU"), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("CPU (3 samples)").contains("List&lt;T&gt;::get")
                .doesNotContain("List<T>");
    }
}
