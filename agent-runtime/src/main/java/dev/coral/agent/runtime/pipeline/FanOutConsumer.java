package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.BatchConsumer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends each batch to several consumers (a pipeline's stores and exporters, or the pipelines a
 * receiver feeds). Done when all are done; failed when any failed, with the first failure.
 * Batches are immutable protobuf messages, so the consumers share one.
 */
final class FanOutConsumer<T> implements BatchConsumer<T> {
    private final List<BatchConsumer<T>> consumers;

    private FanOutConsumer(List<BatchConsumer<T>> consumers) {
        this.consumers = List.copyOf(consumers);
    }

    static <T> BatchConsumer<T> of(List<BatchConsumer<T>> consumers) {
        return consumers.size() == 1 ? consumers.getFirst() : new FanOutConsumer<>(consumers);
    }

    @Override
    public CompletionStage<Void> consume(T batch) {
        CompletableFuture<?>[] stages = new CompletableFuture<?>[consumers.size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = consumers.get(i).consume(batch).toCompletableFuture();
        }
        return CompletableFuture.allOf(stages);
    }
}
