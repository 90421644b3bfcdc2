package dev.coral.agent.testkit;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Store type {@code capture}, for every signal: keeps each batch it is given, in order, and
 * completes it at once, so a test sees exactly what the pipeline delivered.
 */
public final class CaptureStoreFactory implements StoreFactory<CaptureStoreFactory.Config> {
    /** No settings. */
    public record Config() {}

    private final Map<Signal<?>, List<Object>> batches = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "capture";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS, Signal.LOGS, Signal.PROFILES);
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
            public <T> BatchConsumer<T> consumer(Signal<T> signal) {
                List<Object> kept = captured(signal);
                return batch -> {
                    kept.add(batch);
                    return CompletableFuture.completedFuture(null);
                };
            }
        };
    }

    /** The batches of {@code signal} delivered so far, oldest first. */
    @SuppressWarnings("unchecked")
    public <T> List<T> batches(Signal<T> signal) {
        return List.copyOf((List<T>) (List<?>) captured(signal));
    }

    private List<Object> captured(Signal<?> signal) {
        return batches.computeIfAbsent(signal, s -> new CopyOnWriteArrayList<>());
    }
}
