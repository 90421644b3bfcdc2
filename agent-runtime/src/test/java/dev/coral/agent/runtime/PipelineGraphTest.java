package dev.coral.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.testing.MemoryStoreFactory.MemoryStore;
import dev.coral.agent.runtime.testing.Spans;
import dev.coral.agent.runtime.testing.TestAgents;
import dev.coral.agent.runtime.testing.TestSourceFactory.Source;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receivers feeding several pipelines, fan-out to several stores, processors in order. */
class PipelineGraphTest {
    @TempDir
    Path dir;

    @Test
    void oneReceiverFeedsTwoPipelinesThatFanOutThroughOrderedProcessors() throws Exception {
        TestAgents agents = new TestAgents(dir);
        try (AgentRuntime agent = agents.build("""
                receivers { test-source {} }
                processors {
                  tagger { key = first, value = "1" }
                  "tagger/second" { key = second, value = "2" }
                }
                stores { memory {}, "memory/a" {}, "memory/b" {} }
                pipelines {
                  traces { receivers = [test-source], processors = [tagger, "tagger/second"], stores = [memory, "memory/a"] }
                  "traces/raw" { receivers = [test-source], stores = ["memory/b"] }
                }
                """)) {
            agent.start();
            assertThat(agents.sources.created()).as("one receiver instance for both pipelines").hasSize(1);
            Source source = agents.sources.created().getFirst();
            assertThat(source.outputs().signals()).containsExactly(Signal.TRACES);

            source.outputs().get(Signal.TRACES).orElseThrow()
                    .consume(Spans.batch("checkout", "GET /cart")).toCompletableFuture().get(5, TimeUnit.SECONDS);

            MemoryStore main = store(agents, "memory");
            MemoryStore a = store(agents, "memory/a");
            MemoryStore raw = store(agents, "memory/b");
            assertThat(main.batches()).hasSize(1);
            assertThat(Spans.attributes(main.batches().getFirst())).containsExactly("first=1", "second=2");
            assertThat(a.batches()).as("fan-out shares the processed batch").containsExactlyElementsOf(main.batches());
            assertThat(raw.batches()).hasSize(1);
            assertThat(Spans.attributes(raw.batches().getFirst())).isEmpty();
        }
        assertThat(agents.journal.events()).containsExactly(
                "start store memory", "start store memory/a", "start store memory/b",
                "start processor tagger", "start processor tagger/second",
                "start receiver test-source",
                "shutdown receiver test-source",
                "shutdown processor tagger/second", "shutdown processor tagger",
                "shutdown store memory/b batches=1", "shutdown store memory/a batches=1",
                "shutdown store memory batches=1");
    }

    @Test
    void unusedComponentsAreValidatedButNotCreated() throws Exception {
        TestAgents agents = new TestAgents(dir);
        try (AgentRuntime agent = agents.build("""
                receivers { test-source {}, "test-source/spare" {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """)) {
            agent.start();
            assertThat(agents.sources.created()).hasSize(1);
            assertThat(agent.components()).extracting(n -> n.id().toString()).containsExactly("memory", "test-source");
        }
    }

    private static MemoryStore store(TestAgents agents, String id) {
        return agents.stores.created().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
