package dev.coral.agent.plugin.otlp.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports whose answer is not yet written. The gate counts a request as done once its data is
 * durable (or refused), a moment before the event loop writes the answer; closing the
 * connections in that moment would cut the answer off, so the server waits for this count first.
 */
final class PendingAnswers {
    private static final long POLL_MILLIS = 2;

    private final AtomicInteger pending = new AtomicInteger();

    void begin() {
        pending.incrementAndGet();
    }

    void end() {
        pending.decrementAndGet();
    }

    /** Waits until every answer begun has been written, at most {@code timeout}. */
    boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        return true;
    }
}
