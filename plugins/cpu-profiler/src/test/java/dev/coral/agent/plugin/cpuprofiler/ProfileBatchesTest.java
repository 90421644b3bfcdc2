package dev.coral.agent.plugin.cpuprofiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.plugin.cpuprofiler.symbols.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One cycle's batch: frames by name and binary, each binary once with its size. */
class ProfileBatchesTest {
    private static final String APP = "aaaa000000000000000000000000000000000001";
    private static final String TOOL = "bbbb000000000000000000000000000000000002";

    private static Frame nativeFrame(String name, String buildId, String binary) {
        return new Frame(name, Frame.Kind.NATIVE, buildId, binary, 0x1000);
    }

    @Test
    void mainOfTwoBinariesIsTwoFramesAndEachBinaryComesOnce() {
        List<String> sized = new ArrayList<>();
        ProfileBatches batches = new ProfileBatches((pid, path) -> {
            sized.add(pid + ":" + path);
            return path.length();
        });
        Frame kernel = new Frame("do_syscall_64", Frame.Kind.KERNEL, "", "[kernel]", -1);
        batches.add(10, "app", List.of(nativeFrame("hot", APP, "/srv/app"), nativeFrame("main", APP, "/srv/app")), 5);
        batches.add(10, "app", List.of(kernel, nativeFrame("main", APP, "/srv/app")), 2);
        batches.add(20, "tool", List.of(nativeFrame("main", TOOL, "/usr/bin/tool"),
                new Frame("[jit] 0x7f00", Frame.Kind.JIT, "", "", -1)), 1);
        ProfileBatch batch = batches.build(1234);

        assertThat(batch.frames()).containsExactly("hot", "main", "do_syscall_64", "main", "[jit] 0x7f00");
        assertThat(batch.frameBuildIds()).containsExactly(APP, APP, "", TOOL, "");
        assertThat(batch.samples()).extracting(StackSample::buildId).containsExactly(APP, APP, TOOL);
        assertThat(batch.samples().get(2).frameIds()).containsExactly(3, 4);
        assertThat(batch.binaries()).containsExactly(new ProfileBinary(APP, "/srv/app", "app", 8, Map.of()),
                new ProfileBinary(TOOL, "/usr/bin/tool", "tool", 13, Map.of()));
        assertThat(sized).as("one size lookup per binary and cycle").containsExactly("10:/srv/app", "20:/usr/bin/tool");
    }

    @Test
    void sizesAreReadThroughTheProcessRoot() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath();
        ProfileBatches batches = new ProfileBatches();
        batches.add(self, "", List.of(nativeFrame("main", APP, java.toString())), 1);
        batches.add(self, "", List.of(nativeFrame("f", TOOL, "/no/such/file"), nativeFrame("[vdso]+0x10", "cccc", "[vdso]")), 1);

        assertThat(batches.build(0).binaries()).extracting(ProfileBinary::buildId, ProfileBinary::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple(APP, Files.size(java)),
                org.assertj.core.groups.Tuple.tuple(TOOL, -1L),
                org.assertj.core.groups.Tuple.tuple("cccc", -1L));
    }
}
