package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.Settings;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Store type "memory": keeps every batch in a list. {@code commit-delay} completes batches
 * later (to test draining), {@code fail-start} makes start throw, {@code throw-on-consume}
 * makes consume throw (to test containment). Trace-only unless {@code all-signals}.
 */
public final class MemoryStoreFactory implements FactoryProvider {
    public record Config(long commitDelayMs, boolean failStart, boolean throwOnConsume) {}

    private final Journal journal;
    private final List<MemoryStore> created = new CopyOnWriteArrayList<>();

    public MemoryStoreFactory(Journal journal) {
        this.journal = journal;
    }

    public List<MemoryStore> created() {
        return created;
    }

    @Override
    public StoreFactory<Config> factory() {
        return StoreFactory.builder("memory", () -> new Config(0, false, false), MemoryStoreFactory::read)
                .traces(Stability.STABLE)
                .build((context, config) -> {
                    MemoryStore store = new MemoryStore(context, config, journal);
                    created.add(store);
                    return store;
                });
    }

    private static Config read(Settings s, Config d) {
        long delay = s.duration("commit-delay", java.time.Duration.ofMillis(d.commitDelayMs())).toMillis();
        return new Config(delay, s.flag("fail-start", d.failStart()), s.flag("throw-on-consume", d.throwOnConsume()));
    }

    /** A created memory store. */
    public static final class MemoryStore implements Store {
        private final ComponentContext context;
        private final Config config;
        private final Journal journal;
        private final List<Object> batches = new CopyOnWriteArrayList<>();

        MemoryStore(ComponentContext context, Config config, Journal journal) {
            this.context = context;
            this.config = config;
            this.journal = journal;
        }

        public List<Object> batches() {
            return batches;
        }

        public String id() {
            return context.id().toString();
        }

        @Override
        public <T> BatchConsumer<T> consumer(Signal<T> signal) {
            Executor later = CompletableFuture.delayedExecutor(config.commitDelayMs(), TimeUnit.MILLISECONDS);
            return batch -> {
                if (config.throwOnConsume()) {
                    throw new IllegalStateException("store bug");
                }
                if (config.commitDelayMs() == 0) {
                    batches.add(batch);
                    return CompletableFuture.completedFuture(null);
                }
                return CompletableFuture.runAsync(() -> batches.add(batch), later);
            };
        }

        @Override
        public void start(Host host) {
            journal.add("start store " + context.id());
            if (config.failStart()) {
                throw new IllegalStateException("disk on fire (simulated)");
            }
        }

        @Override
        public void shutdown() {
            journal.add("shutdown store " + context.id() + " batches=" + batches.size());
        }
    }
}
