package dev.coral.agent.plugin.cpuprofiler.symbols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node's own perf map ({@code --perf-basic-prof}) names its JIT-compiled JavaScript in sampled stacks. */
class NodePerfMapTest {
    @TempDir
    Path dir;

    @Test
    void aNodeProcessWithPerfBasicProfShowsItsJavaScriptFunctionByName() throws Exception {
        try (JitProcess node = JitProcess.node(dir); SampledFrames sampled = SampledFrames.openOrSkip(99)) {
            Symbolizer symbolizer = new Symbolizer();
            List<Frame> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (List<Frame> stack : SampledFrames.symbolize(symbolizer, sampled.drain(node.pid()))) {
                    seen.addAll(stack);
                }
                symbolizer.evictExited(); // end of a cycle: the perf map is looked at again
                return seen.stream().anyMatch(f -> f.name().contains("hotJsFunction"));
            });
            Frame js = seen.stream().filter(f -> f.name().contains("hotJsFunction")).findFirst().orElseThrow();
            System.out.println("node frame: " + js.name());
            assertThat(js.kind()).isEqualTo(Frame.Kind.JIT);
            assertThat(js.name()).startsWith("JS:"); // V8's perf map prefix for JavaScript code
        }
    }
}
