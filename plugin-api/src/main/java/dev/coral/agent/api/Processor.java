package dev.coral.agent.api;

/**
 * Transforms or drops data of one signal and passes the result to the next consumer it was
 * created with. Each pipeline gets its own processor instance.
 *
 * <p>{@link #consume} returns the downstream completion: a processor that drops a whole batch
 * completes at once, successfully.
 *
 * @since 0.1.0
 */
public interface Processor<T> extends Component, BatchConsumer<T> {}
