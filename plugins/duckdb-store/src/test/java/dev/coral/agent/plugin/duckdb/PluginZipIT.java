package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.PushReceiverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin zip, loaded by the runtime through PF4J as a distribution would: the store
 * and DuckDB (with its native library) run from the plugin's own class loader.
 */
class PluginZipIT {
    @TempDir
    Path dir;

    @Test
    void thePluginZipLoadsAndStoresSpans() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginZip(), plugins.resolve("duckdb-store-plugin.zip"));
        PushReceiverFactory push = new PushReceiverFactory();
        try (AgentRuntime agent = AgentRuntime.builder().home(dir).loadPlugins(true).factory(push).configText("""
                agent { plugins-dir = "%s", api.listen = [] }
                receivers { push {} }
                stores { duckdb {} }
                pipelines { traces { receivers = [push], stores = [duckdb] } }
                """.formatted(plugins.toString().replace("\\", "\\\\"))).build()) {
            assertThat(agent.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("duckdb-store");
                assertThat(p.state()).isEqualTo("STARTED");
                assertThat(p.componentTypes()).containsExactly("store/duckdb");
            });
            agent.start();
            push.push(Signal.TRACES, Batches.spans("svc", 1, 3, System.currentTimeMillis() * 1_000_000L))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(agent.capabilities(SpanQueries.class).getFirst().spansSince(0, List.of(), 10).rows()).hasSize(3);

            Object store = agent.components().stream().filter(n -> n.id().toString().equals("duckdb"))
                    .findFirst().orElseThrow().component();
            ClassLoader pluginLoader = store.getClass().getClassLoader();
            assertThat(pluginLoader).isNotSameAs(getClass().getClassLoader());
            // DuckDB comes from the zip's lib/: this class path has it too, and a zip without it
            // would otherwise pass here and fail in a distribution.
            assertThat(Class.forName("org.duckdb.DuckDBConnection", false, pluginLoader).getClassLoader())
                    .isSameAs(pluginLoader);
        }
    }

    private static Path pluginZip() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("duckdb-store-.*-plugin\\.zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin zip in target/: run the package phase"));
        }
    }
}
