package dev.coral.agent.api;

/**
 * What exporter and store factories share: one component created per id, for all its signals.
 *
 * @param <C> the component's configuration
 * @param <E> what it creates
 */
abstract sealed class SinkFactory<C, E extends Exporter> extends ComponentFactory<C>
        permits ExporterFactory, StoreFactory {
    interface Creation<C, E> {
        E create(ComponentContext context, C config);
    }

    private final Creation<C, E> creation;

    SinkFactory(FactoryBuilder<C, ?> b, Creation<C, E> creation) {
        super(b);
        this.creation = creation;
    }

    /** Called by the runtime once per component id. */
    public final E create(ComponentContext context, C config) {
        return creation.create(context, config);
    }
}
