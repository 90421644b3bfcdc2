package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts batches between a receiver and durability, so shutdown can wait for them to drain
 * after receivers stop, and refuses new batches once draining began.
 */
public final class InflightTracker {
    private final AtomicLong inflight = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object drained = new Object();

    /** Wraps a receiver's output so its batches are counted. */
    <T> BatchConsumer<T> track(BatchConsumer<T> next) {
        return batch -> {
            if (closed.get()) {
                return CompletableFuture.failedFuture(RefusedException.unavailable("agent is shutting down"));
            }
            inflight.incrementAndGet();
            CompletionStage<Void> stage;
            try {
                stage = next.consume(batch);
            } catch (RuntimeException e) {
                done();
                throw e;
            }
            // Complete the caller's stage before counting the batch done, so a drained agent
            // has answered every client.
            CompletableFuture<Void> answered = new CompletableFuture<>();
            stage.whenComplete((ok, error) -> {
                if (error == null) {
                    answered.complete(null);
                } else {
                    answered.completeExceptionally(error);
                }
                done();
            });
            return answered;
        };
    }

    public long inflight() {
        return inflight.get();
    }

    /** Refuses new batches and waits up to {@code timeout} for those in flight. True if all finished. */
    public boolean closeAndDrain(Duration timeout) throws InterruptedException {
        closed.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (inflight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void done() {
        if (inflight.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }
}
