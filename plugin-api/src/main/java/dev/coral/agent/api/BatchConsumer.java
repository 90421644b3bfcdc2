package dev.coral.agent.api;

import java.util.concurrent.CompletionStage;

/**
 * Takes batches of one signal: the link between pipeline components.
 *
 * <p>The returned stage completes normally once the batch is <b>durable</b> in every store and
 * exporter downstream: only then may a receiver tell its client the data is accepted. It
 * completes exceptionally, usually with a {@link RefusedException}, when any part of the
 * batch could not be kept. A consumer must not block the caller for long; it may complete the
 * stage on another thread.
 *
 * <p>The batch belongs to the consumer once passed: the caller must not change it afterwards.
 *
 * @param <T> the batch type of the signal
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchConsumer<T> {
    CompletionStage<Void> consume(T batch);
}
