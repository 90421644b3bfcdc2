package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.RefusedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bytes of heap that logged batches may hold between their acknowledgement and their fold
 * ({@code ingest-log.max-pending}). A batch that does not fit waits, first come first served,
 * until folds free enough: its sender simply waits longer for the answer, as it did for a DuckDB
 * commit before the log, and the receivers' in-flight bound (which counts the waiting requests)
 * refuses new ones cheaply, before decoding them. A batch that waited {@code maxWait} is refused
 * with a retry hint (the store cannot fold: a full disk). A batch larger than the whole budget is
 * still taken when nothing else is pending.
 */
final class PendingBudget {
    /** The retry hint of a batch that waited its longest. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private record Waiter(long bytes, CompletableFuture<Void> admitted) {}

    private final long max;
    private final Duration maxWait;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private long used;

    PendingBudget(long max, Duration maxWait) {
        this.max = max;
        this.maxWait = maxWait;
    }

    /** Completes once {@code bytes} are taken; fails with a retryable refusal after the longest wait. */
    CompletableFuture<Void> take(long bytes) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        synchronized (this) {
            if (waiters.isEmpty() && fits(bytes)) {
                used += bytes;
                return CompletableFuture.completedFuture(null);
            }
            waiters.add(new Waiter(bytes, admitted));
        }
        return admitted.orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            if (e instanceof TimeoutException) {
                synchronized (this) {
                    waiters.removeIf(w -> w.admitted() == admitted);
                }
                return CompletableFuture.failedFuture(RefusedException.overloaded("duckdb store waited "
                        + maxWait.toSeconds() + " s for room among the batches acknowledged but not yet folded into"
                        + " DuckDB (ingest-log.max-pending " + max + ")", RETRY_AFTER));
            }
            return CompletableFuture.failedFuture(e);
        });
    }

    void give(long bytes) {
        Deque<Waiter> admitted = new ArrayDeque<>();
        synchronized (this) {
            used -= bytes;
            for (Waiter w; (w = waiters.peekFirst()) != null && fits(w.bytes()); ) {
                waiters.removeFirst();
                if (!w.admitted().isDone()) {
                    used += w.bytes();
                    admitted.add(w);
                }
            }
        }
        // Completed outside the lock: what waits on them (conversion, the log append) runs here.
        for (Waiter w : admitted) {
            if (!w.admitted().complete(null)) {
                give(w.bytes()); // it timed out meanwhile: its bytes were never used
            }
        }
    }

    private boolean fits(long bytes) {
        return used == 0 || used + bytes <= max;
    }

    synchronized long used() {
        return used;
    }

    /** True while batches wait for room: the writer should fold now. */
    synchronized boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    long max() {
        return max;
    }
}
