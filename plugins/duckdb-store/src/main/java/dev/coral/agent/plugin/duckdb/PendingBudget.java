package dev.coral.agent.plugin.duckdb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of heap that logged batches may hold between their acknowledgement and their fold
 * ({@code ingest-log.max-pending}). Past it, new batches are refused with a retry hint, so a
 * writer that cannot keep up (or cannot write at all) slows the senders instead of filling the
 * heap. A batch larger than the whole budget is still taken when nothing else is pending.
 */
final class PendingBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    PendingBudget(long max) {
        this.max = max;
    }

    boolean tryTake(long bytes) {
        while (true) {
            long now = used.get();
            if (now > 0 && now + bytes > max) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long max() {
        return max;
    }
}
