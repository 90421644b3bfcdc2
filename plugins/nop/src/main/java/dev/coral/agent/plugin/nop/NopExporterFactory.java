package dev.coral.agent.plugin.nop;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Exporter;
import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.api.telemetry.Counter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * The {@code nop} exporter, as the Collector ships one: accepts every batch at once and keeps
 * nothing. It measures the rest of a pipeline without a store's cost, and lets a config be
 * dry-run. It counts the batches it swallowed.
 */
@Extension
public final class NopExporterFactory implements ExporterFactory<NopExporterFactory.Config> {
    /** The nop exporter has no settings. */
    public record Config() {}

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public String type() {
        return "nop";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.copyOf(Signal.all());
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public Config parseConfig(Settings settings) {
        return defaultConfig();
    }

    @Override
    public Exporter create(ComponentContext context, Config config) {
        return new Exporter() {
            @Override
            public <T> BatchConsumer<T> consumer(Signal<T> signal) {
                Counter batches = context.telemetry().counter("coral_exporter_nop_batches",
                        "Batches the nop exporter accepted and dropped", Map.of("signal", signal.name()));
                return batch -> {
                    batches.increment();
                    return DONE;
                };
            }
        };
    }
}
