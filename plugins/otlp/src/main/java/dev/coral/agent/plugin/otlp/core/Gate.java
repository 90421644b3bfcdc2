package dev.coral.agent.plugin.otlp.core;

import dev.coral.agent.api.InflightBudget;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits requests: refuses them while shutting down, reserves what they will cost the heap
 * ({@link HeapCost}) in the agent's in-flight budget before they are decoded, and counts the
 * ones not yet durable or refused so shutdown can wait for them. Shared by both transports.
 */
public final class Gate {
    /** What {@link #enter} returns: a {@link Ticket} or a {@link Denied}. */
    public sealed interface Entry permits Ticket, Denied {}

    /** A refusal at the door. The instances are made once: refusing under load allocates nothing. */
    public record Denied(RefusedException reason) implements Entry {}

    private final InflightBudget budget;
    private final AtomicInteger open = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Denied overloaded;
    private final Denied closing;
    private volatile boolean closed;

    public Gate(InflightBudget budget, Duration retryAfter) {
        this.budget = budget;
        this.overloaded = new Denied(RefusedException.overloaded(
                "the agent has too much data in flight; retry later", retryAfter));
        this.closing = new Denied(new RefusedException(RefusedException.Reason.UNAVAILABLE,
                "the receiver is shutting down", retryAfter, null));
    }

    /** Admits a request that holds {@code bytes} of heap now, or says why not. */
    public Entry enter(long bytes) {
        // Count first, then check: a request that slips in while close() runs is either
        // refused here or seen by awaitIdle.
        open.incrementAndGet();
        if (closed) {
            leave();
            return closing;
        }
        if (!grow(bytes, bytes)) {
            leave();
            return overloaded;
        }
        return new Ticket(this, bytes);
    }

    /**
     * True when a request costing {@code expected} would be refused now, so a transport may
     * refuse it before reading it (0: unknown, never refused early).
     */
    public boolean wouldRefuse(long expected) {
        return expected > 0 && !fits(expected, expected);
    }

    /**
     * Whether {@code more} bytes of a request that will hold {@code total} fit now. The last
     * eighth of the budget is kept for small requests (at most a 64th of it each): senders of
     * huge batches that fill the budget do not lock out an application exporting a few hundred
     * spans at a time. A request alone in flight always may try (the budget then decides).
     */
    private boolean fits(long more, long total) {
        long limit = budget.limit();
        long inUse = budget.inUse();
        long othersInUse = inUse - (total - more);
        return total <= limit / 64 || inUse + more <= limit - limit / 8 || othersInUse <= 0;
    }

    /** From now on every request is refused as UNAVAILABLE / 503. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The refusal used for requests that arrive while shutting down. */
    public RefusedException closingRefusal() {
        return closing.reason();
    }

    /** The refusal used when the in-flight budget has no room. */
    public RefusedException overloadedRefusal() {
        return overloaded.reason();
    }

    /**
     * Waits until every admitted request is durable or refused, at most {@code timeout}. Its answer
     * may still be on its way: each transport waits for its own writes (gRPC by its graceful
     * shutdown, HTTP by {@code PendingAnswers}).
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (open.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests admitted and not yet durable or refused. */
    public int inFlight() {
        return open.get();
    }

    /** Reserves {@code more} for a request that will then hold {@code total}. */
    boolean grow(long more, long total) {
        return fits(more, total) && budget.tryAcquire(more);
    }

    /** Returns part of a reservation; the request stays admitted. */
    void giveBack(long bytes) {
        budget.release(bytes);
    }

    void release(long bytes) {
        budget.release(bytes);
        leave();
    }

    private void leave() {
        if (open.decrementAndGet() == 0 && closed) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
