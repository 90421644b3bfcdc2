package dev.coral.agent.runtime.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.runtime.lifecycle.AgentIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's plugins directory loads beside the distribution's; a plugin of the same id there
 * replaces the distribution's (an operator's newer copy of a bundled plugin), in whichever order
 * PF4J walks the directories.
 */
class OperatorPluginsTest {
    @TempDir
    Path dir;

    @Test
    void theOperatorsCopyOfAPluginReplacesTheDistributionsAndOthersLoadBeside() throws Exception {
        Path shipped = Files.createDirectories(dir.resolve("dist/plugins"));
        Path operator = Files.createDirectories(dir.resolve("etc/plugins"));
        plugin(shipped, "tagger", "1.0.0");
        plugin(shipped, "bundled-only", "1.0.0");
        plugin(operator, "tagger", "1.1.0");
        plugin(operator, "operator-only", "0.3.0");
        String api = PluginApiVersion.current(AgentIdentity.version());
        try (PluginSet set = PluginSet.load(List.of(shipped, operator), api, new FactoryCatalog(), "test")) {
            assertThat(set.plugins()).extracting(p -> p.id() + " " + p.version() + " " + p.path().getParent())
                    .containsExactlyInAnyOrder("tagger 1.1.0 " + operator, "bundled-only 1.0.0 " + shipped,
                            "operator-only 0.3.0 " + operator);
        }
    }

    /** A plugin directory as PF4J reads it: plugin.properties, no classes. */
    private static void plugin(Path root, String id, String version) throws Exception {
        Path plugin = Files.createDirectories(root.resolve(id + "-plugin"));
        Files.writeString(plugin.resolve("plugin.properties"), """
                plugin.id=%s
                plugin.version=%s
                plugin.provider=Test
                plugin.requires=>=0.1.0
                """.formatted(id, version));
    }
}
