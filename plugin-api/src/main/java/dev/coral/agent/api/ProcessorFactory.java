package dev.coral.agent.api;

/** Builds processors: one instance per pipeline and signal, chained in the pipeline's order. */
public interface ProcessorFactory<C> extends ComponentFactory<C> {
    @Override
    default ComponentKind kind() {
        return ComponentKind.PROCESSOR;
    }

    <T> Processor<T> create(ComponentContext context, C config, Signal<T> signal, BatchConsumer<T> next);
}
