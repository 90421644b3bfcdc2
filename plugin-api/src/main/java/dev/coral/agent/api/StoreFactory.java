package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds stores: exporters that keep data and answer queries. A store is created once and
 * shared by the pipelines naming it.
 *
 * @param <C> the store's configuration
 * @since 0.1.0
 */
public final class StoreFactory<C> extends ComponentFactory<C> {
    /** Creates the store for a parsed configuration. */
    @FunctionalInterface
    public interface Creator<C> {
        Store create(ComponentContext context, C config);
    }

    private final Creator<C> creator;

    private StoreFactory(Builder<C> b, Creator<C> creator) {
        super(b.type, b.defaults, b.reader, b.signals);
        this.creator = Objects.requireNonNull(creator, "creator");
    }

    /** Starts a store factory of {@code type}, its defaults and its settings reader. */
    public static <C> Builder<C> builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        return new Builder<>(type, defaults, reader);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.STORE;
    }

    /** Called by the runtime once per store id. */
    public Store create(ComponentContext context, C config) {
        return creator.create(context, config);
    }

    /** Declares the signals, then {@link #build} takes the creator. */
    public static final class Builder<C> extends SignalsBuilder<C, Builder<C>> {
        private Builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
            super(type, defaults, reader);
        }

        public StoreFactory<C> build(Creator<C> creator) {
            return new StoreFactory<>(this, creator);
        }

        @Override
        Builder<C> self() {
            return this;
        }
    }
}
