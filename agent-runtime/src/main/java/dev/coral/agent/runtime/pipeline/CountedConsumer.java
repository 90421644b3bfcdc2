package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A receiver's output that holds a ticket in the pipelines' ledger for each batch until it is
 * durable, so shutdown can wait for the batches of any receiver (also one that reserves
 * nothing itself), and that refuses batches once the agent shuts down.
 */
final class CountedConsumer<T> implements BatchConsumer<T> {
    private final BatchConsumer<T> next;
    private final InflightLedger ledger;

    CountedConsumer(BatchConsumer<T> next, InflightLedger ledger) {
        this.next = next;
        this.ledger = ledger;
    }

    @Override
    public CompletionStage<Void> consume(T batch) {
        InflightLedger.Ticket ticket;
        try {
            ticket = ledger.reserve(0);
        } catch (RefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<Void> stage;
        try {
            stage = next.consume(batch);
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        // Complete the caller's stage before closing the ticket, so a drained agent has
        // answered every client.
        CompletableFuture<Void> answered = new CompletableFuture<>();
        stage.whenComplete((ok, error) -> {
            if (error == null) {
                answered.complete(null);
            } else {
                answered.completeExceptionally(error);
            }
            ticket.close();
        });
        return answered;
    }
}
