package dev.coral.agent.plugin.staticfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.staticfilter.core.FilterCounters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import dev.coral.agent.testkit.CaptureStoreFactory;
import dev.coral.agent.testkit.PushReceiverFactory;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the packaged plugin zip, loaded by the runtime through PF4J as a distribution
 * would, filters a traces pipeline between a receiver and a store.
 */
class PluginZipIT {
    @TempDir
    Path dir;

    @Test
    void thePluginZipLoadsAndFiltersATracesPipeline() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginZip(), plugins.resolve("static-filter-plugin.zip"));
        PushReceiverFactory sources = new PushReceiverFactory();
        CaptureStoreFactory stores = new CaptureStoreFactory();
        try (AgentRuntime agent = AgentRuntime.builder().home(dir).loadPlugins(true).factory(sources).factory(stores)
                .configText("""
                        agent { plugins-dir = "%s", api.listen = ["127.0.0.1:0"] }
                        receivers { push {} }
                        processors {
                          static-filter {
                            always-capture-errors = true
                            high-latency-threshold-ms = 500
                            sample-rate = 0.10
                            services { audit { sample-rate = 1.0 } }
                          }
                        }
                        stores { capture {} }
                        pipelines { traces { receivers = [push], processors = [static-filter], stores = [capture] } }
                        """.formatted(plugins.toString().replace("\\", "\\\\"))).build()) {
            assertThat(agent.plugins()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("static-filter");
                assertThat(p.state()).isEqualTo("STARTED");
                assertThat(p.componentTypes()).containsExactly("processor/static-filter");
            });
            agent.start();

            Traces traces = new Traces(77);
            List<Span> errors = new ArrayList<>();
            List<Span> normal = new ArrayList<>();
            List<Span> audit = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                errors.add(traces.error());
            }
            for (int i = 0; i < 500; i++) {
                normal.add(traces.normal());
            }
            for (int i = 0; i < 30; i++) {
                audit.add(traces.normal());
            }
            List<Span> checkout = new ArrayList<>(errors);
            checkout.addAll(normal);
            sources.push(Signal.TRACES, Traces.request("checkout", checkout)).toCompletableFuture().join();
            sources.push(Signal.TRACES, Traces.request("audit", audit)).toCompletableFuture().join();

            List<Span> kept = Traces.spansOf(stores.batches(Signal.TRACES));
            assertThat(kept).containsAll(errors).containsAll(audit);
            long sampled = kept.stream().filter(normal::contains).count();
            assertThat(sampled).isBetween(25L, 80L); // Binomial(500, 0.1): 50 ± 22 at 99.9 %
            Map<String, String> component = Map.of("processor", "static-filter");
            assertThat(agent.metrics().counterValue(FilterCounters.RECEIVED, component)).isEqualTo(550);
            assertThat(agent.metrics().counterValue(FilterCounters.DROPPED, component)).isEqualTo(500 - sampled);

            // The processor came from the plugin's class loader, not from this test's class path.
            Object processor = agent.components().stream().filter(n -> n.id().toString().equals("static-filter"))
                    .findFirst().orElseThrow().component();
            assertThat(processor.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        }
    }

    private static Path pluginZip() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("static-filter-.*-plugin\\.zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin zip in target/: run the package phase"));
        }
    }
}
