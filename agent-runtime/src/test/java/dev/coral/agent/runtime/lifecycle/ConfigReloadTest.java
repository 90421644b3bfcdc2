package dev.coral.agent.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.runtime.testing.LogCapture;
import dev.coral.agent.runtime.testing.TestAgents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP's work: the file as it is now replaces the running pipelines, or is refused and changes nothing. */
class ConfigReloadTest {
    @TempDir
    Path dir;

    TestAgents agents;
    AgentRuntime first;
    ConfigReload reload;
    int startEvents;

    @BeforeEach
    void start() throws Exception {
        agents = new TestAgents(dir);
        first = agents.builder(TestAgents.ONE_PIPELINE).frontend(this::serve).build();
        first.start();
        reload = new ConfigReload(first);
        startEvents = agents.journal.events().size();
    }

    @AfterEach
    void stop() {
        reload.current().stop();
        first.stop();
    }

    @Test
    void aValidConfigReplacesTheRunningPipelinesAndTheFrontendServesTheNewOnes() throws Exception {
        agents.write(TestAgents.FREE_API_PORT + TestAgents.TWO_PIPELINES);
        try (LogCapture log = LogCapture.of(ConfigReload.class)) {
            reload.run();

            assertThat(log.lines()).singleElement().asString().startsWith("INFO config reloaded file="
                    + dir.resolve("pipelines.conf") + " pipelines=2 components=4 reload_ms=");
        }
        AgentRuntime now = reload.current();
        assertThat(now).isNotSameAs(first);
        assertThat(now.plan().pipelines()).extracting(PipelinesConfig.Pipeline::name)
                .containsExactly("traces", "traces/second");
        // The frontend closed first; the old pipelines stopped as on SIGTERM (receiver first, store
        // drained), then the new ones started, and a frontend on them last, the same agent to it.
        assertThat(sinceStart()).containsExactly("close frontend", "shutdown receiver test-source",
                "shutdown store memory batches=0", "start store memory", "start store memory/second",
                "start receiver test-source", "start receiver test-source/second",
                "start frontend pipelines=[traces, traces/second] agent=" + first.agent().agentId());
        assertThat(first.frontend(Serving.class)).isEmpty();
        assertThat(now.frontend(Serving.class)).isPresent();
    }

    @Test
    void anInvalidConfigIsLoggedWithFileLineAndKeyAndNothingRunningIsTouched() throws Exception {
        agents.write(TestAgents.FREE_API_PORT + """
                receivers { test-source {} }
                stores {
                  memory { commit-delay = "soonish" }
                }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        try (LogCapture log = LogCapture.of(ConfigReload.class)) {
            reload.run();

            Path file = dir.resolve("pipelines.conf");
            assertThat(log.lines()).containsExactly(
                    "ERROR config error: " + file
                            + ":3: stores.memory.commit-delay: expected a duration such as 15s, 500ms or 1h, got \"soonish\"",
                    "WARN config reload rejected, the running pipelines are unchanged file=" + file + " errors=1");
        }
        assertThat(reload.current()).isSameAs(first);
        assertThat(sinceStart()).isEmpty();
        assertThat(first.frontend(Serving.class)).isPresent();
    }

    @Test
    void aNewConfigThatCannotStartBringsThePreviousOneBack() throws Exception {
        agents.write(TestAgents.FREE_API_PORT + TestAgents.TWO_PIPELINES.replace("\"memory/second\" {}",
                "\"memory/second\" { fail-start = true }"));
        try (LogCapture log = LogCapture.of(ConfigReload.class)) {
            reload.run();

            assertThat(log.lines()).containsExactly("ERROR config reload failed, the previous pipelines run again"
                    + " error=\"store 'memory/second' could not be started: disk on fire (simulated)\"");
        }
        AgentRuntime now = reload.current();
        assertThat(now).isNotSameAs(first);
        assertThat(now.plan().pipelines()).extracting(PipelinesConfig.Pipeline::name).containsExactly("traces");
        assertThat(sinceStart()).endsWith("start store memory", "start receiver test-source",
                "start frontend pipelines=[traces] agent=" + first.agent().agentId());
        assertThat(now.frontend(Serving.class)).isPresent();
    }

    /** A frontend that notes what it saw of the runtime when it started, and when it closed. */
    private Serving serve(RuntimeView runtime) {
        agents.journal.add("start frontend pipelines=" + runtime.plan().pipelines().stream()
                .map(PipelinesConfig.Pipeline::name).toList() + " agent=" + runtime.agent().agentId());
        return new Serving();
    }

    private final class Serving implements Frontend.Running {
        @Override
        public void close() {
            agents.journal.add("close frontend");
        }
    }

    /** What the components did after the first runtime had started. */
    private List<String> sinceStart() {
        List<String> all = agents.journal.events();
        return all.subList(startEvents, all.size());
    }
}
