package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.Row;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.RowStore;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin zip, loaded by the runtime through PF4J as a distribution would: OSHI and
 * JNA run from the plugin's own class loader and the samples reach a store.
 */
class PluginZipIT {
    @TempDir
    Path dir;

    @Test
    void thePluginZipLoadsAndSamplesTheHost() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginZip(), plugins.resolve("sysmetrics-plugin.zip"));
        MetricRowsStoreFactory stores = new MetricRowsStoreFactory();
        try (AgentRuntime agent = AgentRuntime.builder().home(dir).loadPlugins(true).factory(stores).configText("""
                agent { plugins-dir = "%s", api.listen = [] }
                receivers { sysmetrics { interval = 500ms } }
                stores { metric-rows {} }
                pipelines { metrics { receivers = [sysmetrics], stores = [metric-rows] } }
                """.formatted(plugins.toString().replace("\\", "\\\\"))).build()) {
            assertThat(agent.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("sysmetrics");
                assertThat(p.state()).isEqualTo("STARTED");
                assertThat(p.componentTypes()).containsExactly("receiver/sysmetrics");
            });
            agent.start();
            RowStore store = stores.created().getFirst();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.requests().size() >= 3);
            Set<String> names = store.rows().stream().map(Row::name).collect(Collectors.toSet());
            assertThat(names).contains("system.cpu.utilization", "system.cpu.time", "system.memory.limit",
                    "system.disk.io.read", "system.network.io.receive", "system.cpu.load_average.1m");
            // The receiver came from the plugin's class loader, not from this test's class path.
            Object receiver = agent.components().stream().filter(n -> n.id().toString().equals("sysmetrics"))
                    .findFirst().orElseThrow().component();
            ClassLoader pluginLoader = receiver.getClass().getClassLoader();
            assertThat(pluginLoader).isNotSameAs(getClass().getClassLoader());
            assertThat(pluginLoader.getClass().getName()).contains("SharedApiClassLoader");
            // OSHI and JNA come from the zip's lib/: this class path has them too, and a zip
            // without them would otherwise pass here and fail in a distribution.
            for (String library : List.of("oshi.SystemInfo", "com.sun.jna.Native")) {
                assertThat(Class.forName(library, false, pluginLoader).getClassLoader()).as(library)
                        .isSameAs(pluginLoader);
            }
        }
    }

    private static Path pluginZip() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("sysmetrics-.*-plugin\\.zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin zip in target/: run the package phase"));
        }
    }
}
