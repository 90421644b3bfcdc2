package dev.coral.agent.api;

/** Builds receivers. A receiver is created once, whatever the number of pipelines naming it. */
public interface ReceiverFactory<C> extends ComponentFactory<C> {
    @Override
    default ComponentKind kind() {
        return ComponentKind.RECEIVER;
    }

    Receiver create(ComponentContext context, C config, Outputs outputs);
}
