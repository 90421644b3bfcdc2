package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds exporters. An exporter is created once and shared by the pipelines naming it; the
 * runtime asks it for one consumer per signal it carries.
 *
 * @param <C> the exporter's configuration
 * @since 0.1.0
 */
public final class ExporterFactory<C> extends ComponentFactory<C> {
    /** Creates the exporter for a parsed configuration. */
    @FunctionalInterface
    public interface Creator<C> {
        Exporter create(ComponentContext context, C config);
    }

    private final Creator<C> creator;

    private ExporterFactory(Builder<C> b, Creator<C> creator) {
        super(b.type, b.defaults, b.reader, b.signals);
        this.creator = Objects.requireNonNull(creator, "creator");
    }

    /** Starts an exporter factory of {@code type}, its defaults and its settings reader. */
    public static <C> Builder<C> builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        return new Builder<>(type, defaults, reader);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.EXPORTER;
    }

    /** Called by the runtime once per exporter id. */
    public Exporter create(ComponentContext context, C config) {
        return creator.create(context, config);
    }

    /** Declares the signals, then {@link #build} takes the creator. */
    public static final class Builder<C> extends SignalsBuilder<C, Builder<C>> {
        private Builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
            super(type, defaults, reader);
        }

        public ExporterFactory<C> build(Creator<C> creator) {
            return new ExporterFactory<>(this, creator);
        }

        @Override
        Builder<C> self() {
            return this;
        }
    }
}
