package dev.coral.agent.plugin.nop;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Exporter;
import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.config.NoSettings;
import dev.coral.agent.api.telemetry.Counter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * The {@code nop} exporter, as the Collector ships one: accepts every batch at once and keeps
 * nothing. It measures the rest of a pipeline without a store's cost, and lets a config be
 * dry-run. It counts the batches it swallowed.
 */
@Extension
public final class NopExporterFactory implements FactoryProvider {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public ExporterFactory<NoSettings> factory() {
        return ExporterFactory.builder("nop", NoSettings::defaults, NoSettings::read)
                .traces(Stability.STABLE).metrics(Stability.STABLE).logs(Stability.STABLE).profiles(Stability.STABLE)
                .build((context, config) -> new NopExporter(context));
    }

    private record NopExporter(ComponentContext context) implements Exporter {
        @Override
        public <T> BatchConsumer<T> consumer(Signal<T> signal) {
            Counter batches = context.telemetry().counter("coral_exporter_nop_batches",
                    "Batches the nop exporter accepted and dropped", Map.of("signal", signal.name()));
            return batch -> {
                batches.increment();
                return DONE;
            };
        }
    }
}
