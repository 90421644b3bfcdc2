package dev.coral.agent.testkit;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.NoSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Store type {@code capture}, for every signal: keeps each batch it is given, in order, and
 * completes it at once, so a test sees exactly what the pipeline delivered.
 */
public final class CaptureStoreFactory implements FactoryProvider {
    private final Map<Signal<?>, List<Object>> batches = new ConcurrentHashMap<>();

    @Override
    public StoreFactory<NoSettings> factory() {
        return StoreFactory.builder("capture", NoSettings::defaults, NoSettings::read)
                .traces(Stability.STABLE).metrics(Stability.STABLE).logs(Stability.STABLE).profiles(Stability.STABLE)
                .ebpf(Stability.STABLE)
                .build((context, config) -> new Store() {
                    @Override
                    public <T> BatchConsumer<T> consumer(Signal<T> signal) {
                        List<Object> kept = captured(signal);
                        return batch -> {
                            kept.add(batch);
                            return CompletableFuture.completedFuture(null);
                        };
                    }
                });
    }

    /** The batches of {@code signal} delivered so far, oldest first. */
    public <T> List<T> batches(Signal<T> signal) {
        return captured(signal).stream().map(signal.batchType()::cast).toList();
    }

    private List<Object> captured(Signal<?> signal) {
        return batches.computeIfAbsent(signal, s -> new CopyOnWriteArrayList<>());
    }
}
