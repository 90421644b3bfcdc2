package dev.coral.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.testing.TestAgents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every config mistake gets one actionable line: file, line, key, what was expected. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    TestAgents agents;

    @BeforeEach
    void setUp() {
        agents = new TestAgents(dir);
    }

    private List<String> problems(String hocon) {
        try (AgentRuntime unexpected = agents.build(hocon)) {
            throw new AssertionError("config was accepted: " + unexpected.plan().pipelines());
        } catch (InvalidConfigException e) {
            return e.problems().stream().map(ConfigProblem::getMessage).toList();
        }
    }

    @Test
    void unknownComponentTypeListsTheLoadedTypes() {
        List<String> problems = problems("""
                receivers { test-source {} }
                processors { batchy {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], processors = [batchy], stores = [memory] } }
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("pipelines.conf:2: processors.batchy: unknown processor type 'batchy'")
                .contains("loaded processor types: tagger"));
    }

    @Test
    void typeDeclaredUnderTheWrongKindSaysWhereItBelongs() {
        List<String> problems = problems("""
                receivers { test-source {} }
                exporters { memory {} }
                pipelines { traces { receivers = [test-source], exporters = [memory] } }
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("pipelines.conf:2: exporters.memory: unknown exporter type 'memory'")
                .contains("'memory' is a store type: declare it under stores"));
    }

    @Test
    void pipelineNamingAnUndefinedComponent() {
        List<String> problems = problems("""
                receivers { test-source {} }
                stores { memory {} }
                pipelines {
                  traces { receivers = [test-source, "test-source/other"], stores = [memory] }
                }
                """);
        assertThat(problems).containsExactly("%s:4: pipelines.traces.receivers: 'test-source/other' is not defined under receivers; declare it, e.g. receivers { \"test-source/other\" {} }"
                .formatted(dir.resolve("pipelines.conf")));
    }

    @Test
    void componentInAPipelineOfASignalItCannotCarry() {
        List<String> problems = problems("""
                receivers { test-source {} }
                stores { memory {} }
                pipelines { metrics { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).singleElement().asString()
                .contains("pipelines.conf:3: pipelines.metrics.stores: store 'memory' cannot carry metrics (it carries traces)");
    }

    @Test
    void badValueNamesFileLineKeyAndExpectation() {
        List<String> problems = problems("""
                receivers { test-source {} }
                stores {
                  memory {
                    commit-delay = "soonish"
                  }
                }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).containsExactly(dir.resolve("pipelines.conf")
                + ":4: stores.memory.commit-delay: expected a duration such as 15s, 500ms or 1h, got \"soonish\"");
    }

    @Test
    void wrongTypeForABoolean() {
        List<String> problems = problems("""
                receivers { test-source { listen = [1, 2] } }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).singleElement().asString()
                .endsWith("pipelines.conf:1: receivers.test-source.listen: expected true or false, got a list");
    }

    @Test
    void unknownSettingIsReportedNotIgnored() {
        List<String> problems = problems("""
                receivers { test-source { lisen = true } }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).singleElement().asString()
                .endsWith("pipelines.conf:1: receivers.test-source.lisen: unknown setting for receiver type 'test-source'");
    }

    @Test
    void agentSettingsAreCheckedToo() {
        List<String> problems = problems("""
                agent { max-inflight = -5, api.listen = ["nowhere"] }
                receivers { test-source {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).endsWith(
                        "pipelines.conf:1: agent.api.listen: expected a list of host:port addresses, got a list"))
                .anySatisfy(p -> assertThat(p).endsWith(
                        "pipelines.conf:1: agent.max-inflight: expected a size such as 4MiB or 512kB, got -5"));
    }

    @Test
    void anApiAddressListedTwiceIsAConfigError() {
        List<String> problems = problems("""
                agent {
                  api.listen = [
                    "127.0.0.1:19001",
                    "[::1]:19001",
                    " 127.0.0.1:19001"
                  ]
                }
                receivers { test-source {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).containsExactly(dir.resolve("pipelines.conf")
                + ":2: agent.api.listen: 127.0.0.1:19001 is listed twice; each address can be bound only once");
    }

    @Test
    void anApiAddressAWildcardAlreadyCoversIsAConfigError() {
        List<String> problems = problems("""
                agent.api.listen = ["0.0.0.0:19001", "10.42.0.7:19001", "127.0.0.1:0", "127.0.0.1:0", "10.42.0.7:9002"]
                receivers { test-source {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThat(problems).containsExactly(dir.resolve("pipelines.conf")
                + ":1: agent.api.listen: 10.42.0.7:19001 cannot be bound beside 0.0.0.0:19001, which already listens"
                + " on every address of port 19001; list one or the other");
    }

    @Test
    void unknownSignalAndEmptyPipeline() {
        List<String> problems = problems("""
                receivers { test-source {} }
                stores { memory {} }
                pipelines {
                  spans { receivers = [test-source], stores = [memory] }
                  traces { receivers = [test-source] }
                }
                """);
        assertThat(problems).as(problems.toString()).hasSize(2);
        assertThat(problems.get(0)).contains(":4: pipelines.spans: unknown signal 'spans'");
        assertThat(problems.get(1)).as(problems.toString()).contains(":5: pipelines.traces: a pipeline needs at least one store or exporter");
    }

    @Test
    void syntaxErrorNamesTheLine() {
        List<String> problems = problems("""
                receivers { test-source {} }
                stores { memory { commit-delay = } }
                """);
        assertThat(problems).singleElement().asString().contains("pipelines.conf:2: syntax error");
    }

    @Test
    void environmentOverridesApply() {
        // PATH is always set: ${?PATH} must resolve from the environment, not stay literal.
        assertThatThrownBy(() -> agents.build("""
                receivers { test-source {} }
                stores { memory { commit-delay = ${?PATH} } }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("stores.memory.commit-delay: expected a duration")
                .hasMessageContaining(System.getenv("PATH"));
    }

    @Test
    void missingPluginsDirectory() {
        Path conf = agents.write("""
                agent { plugins-dir = "no-such-plugins" }
                receivers { test-source {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """);
        assertThatThrownBy(() -> AgentRuntime.builder().home(dir).configFile(conf).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(conf + ":1: agent.plugins-dir: plugins directory " + dir.resolve("no-such-plugins")
                        + " does not exist (set agent.plugins-dir or CORAL_HOME)");
    }

    @Test
    void missingConfigFile() {
        assertThatThrownBy(() -> AgentRuntime.builder().configFile(dir.resolve("nope.conf")).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(dir.resolve("nope.conf") + ": config file not found");
    }
}
