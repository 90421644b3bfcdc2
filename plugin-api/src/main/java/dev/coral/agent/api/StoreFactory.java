package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.function.Supplier;

/**
 * Builds stores: exporters that keep data and answer queries. A store is created once and
 * shared by the pipelines naming it.
 *
 * @param <C> the store's configuration
 * @since 0.1.0
 */
public final class StoreFactory<C> extends SinkFactory<C, Store> {
    /** Creates the store for a parsed configuration. */
    @FunctionalInterface
    public interface Creator<C> {
        Store create(ComponentContext context, C config);
    }

    private StoreFactory(FactoryBuilder<C, ?> b, Creator<C> creator) {
        super(b, creator::create);
    }

    /** Starts a store factory of {@code type}, its defaults and its settings reader. */
    public static <C> SignalsBuilder<C, Creator<C>, StoreFactory<C>> builder(String type, Supplier<C> defaults,
            ConfigReader<C> reader) {
        return new SignalsBuilder<>(type, defaults, reader, StoreFactory::new);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.STORE;
    }
}
