package dev.coral.agent.api;

/** Builds stores. A store is created once and shared by the pipelines naming it. */
public interface StoreFactory<C> extends ComponentFactory<C> {
    @Override
    default ComponentKind kind() {
        return ComponentKind.STORE;
    }

    Store create(ComponentContext context, C config);
}
