package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.function.Supplier;

/**
 * Builds exporters. An exporter is created once and shared by the pipelines naming it; the
 * runtime asks it for one consumer per signal it carries.
 *
 * @param <C> the exporter's configuration
 * @since 0.1.0
 */
public final class ExporterFactory<C> extends SinkFactory<C, Exporter> {
    /** Creates the exporter for a parsed configuration. */
    @FunctionalInterface
    public interface Creator<C> {
        Exporter create(ComponentContext context, C config);
    }

    private ExporterFactory(FactoryBuilder<C, ?> b, Creator<C> creator) {
        super(b, creator::create);
    }

    /** Starts an exporter factory of {@code type}, its defaults and its settings reader. */
    public static <C> SignalsBuilder<C, Creator<C>, ExporterFactory<C>> builder(String type, Supplier<C> defaults,
            ConfigReader<C> reader) {
        return new SignalsBuilder<>(type, defaults, reader, ExporterFactory::new);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.EXPORTER;
    }
}
