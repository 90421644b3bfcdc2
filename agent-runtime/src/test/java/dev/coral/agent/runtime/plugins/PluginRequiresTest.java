package dev.coral.agent.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentIdentity;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.testing.Journal;
import dev.coral.agent.runtime.testing.MemoryStoreFactory;
import dev.coral.agent.runtime.testing.TestSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built for a newer plugin-api than the agent's ({@code plugin.requires}) is not loaded,
 * and says so in one line naming the plugin, what it needs and what the agent has, instead of
 * PF4J's silent DISABLED or a LinkageError at run time.
 */
class PluginRequiresTest {
    @TempDir
    Path dir;

    @Test
    void aPluginNeedingANewerApiIsNotLoadedAndSaysWhy() throws Exception {
        Path plugins = futurePlugin();
        String api = PluginApiVersion.current(AgentIdentity.version());
        try (PluginSet set = PluginSet.load(plugins, api, new FactoryCatalog(), "test")) {
            assertThat(set.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("future");
                assertThat(p.state()).isEqualTo("DISABLED");
                assertThat(p.problem()).isEqualTo("needs plugin-api >=99.0.0, this agent has " + api);
                assertThat(p.componentTypes()).isEmpty();
            });
        }
    }

    @Test
    void theAgentStartsWithoutItAndAPipelineNamingItsTypeSaysWhichPluginIsMissing() throws Exception {
        Path plugins = futurePlugin();
        String agentBlock = "agent { plugins-dir = \"" + plugins + "\", api.listen = [] }\n";
        Journal journal = new Journal();
        try (AgentRuntime agent = builder(journal).configText(agentBlock + """
                receivers { test-source {} }
                stores { memory {} }
                pipelines { traces { receivers = [test-source], stores = [memory] } }
                """).build()) {
            agent.start();
            assertThat(agent.plugins()).extracting(PluginSet.LoadedPlugin::state).containsExactly("DISABLED");
        }
        assertThatThrownBy(() -> builder(journal).configText(agentBlock + """
                receivers { future-receiver {} }
                stores { memory {} }
                pipelines { traces { receivers = [future-receiver], stores = [memory] } }
                """).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown receiver type 'future-receiver'")
                .hasMessageContaining("plugins not loaded: future (needs plugin-api >=99.0.0, this agent has ");
    }

    private AgentRuntime.Builder builder(Journal journal) {
        return AgentRuntime.builder().home(dir).factory(new TestSourceFactory(journal))
                .factory(new MemoryStoreFactory(journal));
    }

    /** A plugin directory as PF4J reads it: plugin.properties (no classes are needed to be refused). */
    private Path futurePlugin() throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("plugins").resolve("future-plugin"));
        Files.writeString(plugin.resolve("plugin.properties"), """
                plugin.id=future
                plugin.version=2.0.0
                plugin.provider=Tomorrow Inc.
                plugin.requires=>=99.0.0
                plugin.description=Built against a plugin-api this agent does not have yet.
                """);
        return plugin.getParent();
    }
}
