package dev.coral.agent.plugin.staticfilter.support;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Store type "capture": keeps every trace batch it is given in memory. */
public final class CaptureStoreFactory implements StoreFactory<CaptureStoreFactory.Config> {
    /** No settings. */
    public record Config() {}

    private final List<ExportTraceServiceRequest> batches = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "capture";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public Config parseConfig(Settings settings) {
        return new Config();
    }

    @Override
    public Store create(ComponentContext context, Config config) {
        return new Store() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> BatchConsumer<T> consumer(Signal<T> signal) {
                return batch -> {
                    batches.add((ExportTraceServiceRequest) batch);
                    return CompletableFuture.completedFuture(null);
                };
            }
        };
    }

    public List<ExportTraceServiceRequest> batches() {
        return batches;
    }

    public List<Span> spans() {
        return batches.stream().flatMap(b -> Traces.spansOf(b).stream()).toList();
    }
}
