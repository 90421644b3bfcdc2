package dev.coral.agent.plugin.cpuprofiler.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.plugin.cpuprofiler.capture.RawStack;
import dev.coral.agent.plugin.cpuprofiler.capture.Syscalls;
import dev.coral.agent.plugin.cpuprofiler.symbols.Frame;
import dev.coral.agent.plugin.cpuprofiler.symbols.JitProcess;
import dev.coral.agent.plugin.cpuprofiler.symbols.SampledFrames;
import dev.coral.agent.plugin.cpuprofiler.symbols.Symbolizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM with no perf map of its own, sampled and symbolized as a cycle does: with attach on,
 * its Java method shows by name; with it off, the JVM is left alone and its JIT frames stay unnamed.
 */
class JvmPerfMapsTest {
    private static final int HZ = 99;

    @TempDir
    Path dir;

    @Test
    void anOptedInJvmShowsItsJavaMethodsByName() throws Exception {
        try (JitProcess jvm = JitProcess.java(dir); SampledFrames sampled = SampledFrames.openOrSkip(HZ)) {
            Symbolizer symbolizer = new Symbolizer();
            JvmPerfMaps perfMaps = perfMaps(symbolizer, true);
            List<Frame> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                seen.addAll(cycle(sampled, symbolizer, perfMaps, jvm.pid()));
                return seen.stream().anyMatch(f -> f.name().contains("hotJavaMethod"));
            });
            Frame java = seen.stream().filter(f -> f.name().contains("hotJavaMethod")).findFirst().orElseThrow();
            System.out.println("java frame: " + java.name());
            assertThat(java.kind()).isEqualTo(Frame.Kind.JIT);
        }
    }

    @Test
    void aJvmNotOptedInIsNotAttachedToAndItsJitFramesStayUnnamed() throws Exception {
        try (JitProcess jvm = JitProcess.java(dir); SampledFrames sampled = SampledFrames.openOrSkip(HZ)) {
            Symbolizer symbolizer = new Symbolizer();
            JvmPerfMaps perfMaps = perfMaps(symbolizer, false);
            List<Frame> seen = new ArrayList<>();
            // Long enough for the method to be compiled and sampled many times over.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> seen.addAll(cycle(sampled, symbolizer, perfMaps, jvm.pid())) && seen.size() > 3 * HZ);

            assertThat(seen).extracting(Frame::name).noneMatch(name -> name.contains("hotJavaMethod"));
            assertThat(seen).as("compiled Java code without a perf map").contains(Frame.UNKNOWN);
            assertThat(Path.of("/proc/" + jvm.pid() + "/root/tmp/.java_pid" + jvm.pid())).as("never attached").doesNotExist();
        }
    }

    /** Perf maps for every JVM or for none, bounded as the receiver bounds them for a 10 s cycle. */
    private static JvmPerfMaps perfMaps(Symbolizer symbolizer, boolean attach) {
        return new JvmPerfMaps(new HotSpotAttach(new Syscalls()), symbolizer, pid -> attach, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    /** One cycle as the receiver runs it: drain, refresh the JVMs' perf maps, symbolize, end the cycle. */
    private static List<Frame> cycle(SampledFrames sampled, Symbolizer symbolizer, JvmPerfMaps perfMaps, int pid) {
        List<RawStack> stacks = sampled.drain(pid);
        perfMaps.refresh(Set.of(pid));
        List<Frame> frames = new ArrayList<>();
        SampledFrames.symbolize(symbolizer, stacks).forEach(frames::addAll);
        symbolizer.evictExited();
        return frames;
    }
}
