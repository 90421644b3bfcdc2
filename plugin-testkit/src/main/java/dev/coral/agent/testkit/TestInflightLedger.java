package dev.coral.agent.testkit;

import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;

/**
 * An in-flight ledger with a bound the test can change, so it can drive a receiver into
 * backpressure; it applies the reserve rule of {@link InflightLedger#fits}, as the agent does.
 * Closing it refuses later reservations as the agent does at shutdown.
 *
 * @since 0.1.0
 */
public final class TestInflightLedger implements InflightLedger {
    private long limit;
    private long inUse;
    private int open;
    private boolean closed;

    public TestInflightLedger(long limit) {
        this.limit = limit;
    }

    /** A ledger nothing exhausts. */
    public static TestInflightLedger unlimited() {
        return new TestInflightLedger(Long.MAX_VALUE);
    }

    public synchronized void setLimit(long limit) {
        this.limit = limit;
    }

    @Override
    public synchronized Ticket reserve(long bytes) {
        if (closed) {
            throw RefusedException.unavailable("the receiver is shutting down");
        }
        admit(bytes, bytes);
        open++;
        return new TestTicket(bytes);
    }

    @Override
    public synchronized void checkRoom(long bytes) {
        if (bytes > 0 && !InflightLedger.fits(bytes, bytes, inUse, limit)) {
            throw overloaded();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); open > 0; left = deadline - System.nanoTime()) {
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public synchronized int open() {
        return open;
    }

    @Override
    public synchronized long inUse() {
        return inUse;
    }

    @Override
    public synchronized long limit() {
        return limit;
    }

    private void admit(long more, long total) {
        if (!InflightLedger.fits(more, total, inUse, limit) || inUse + more < 0) {
            throw overloaded();
        }
        inUse += more;
    }

    private static RefusedException overloaded() {
        return RefusedException.overloaded("the test ledger's bound is reached", null);
    }

    private final class TestTicket implements Ticket {
        private long bytes;
        private boolean returned;

        TestTicket(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void grow(long more) {
            synchronized (TestInflightLedger.this) {
                if (more > 0) {
                    admit(more, bytes + more);
                    bytes += more;
                }
            }
        }

        @Override
        public void resize(long total) {
            synchronized (TestInflightLedger.this) {
                if (total > bytes) {
                    inUse -= bytes;
                    bytes = 0;
                    admit(total, total);
                    bytes = total;
                }
            }
        }

        @Override
        public long bytes() {
            synchronized (TestInflightLedger.this) {
                return bytes;
            }
        }

        @Override
        public void close() {
            synchronized (TestInflightLedger.this) {
                if (!returned) {
                    returned = true;
                    inUse -= bytes;
                    if (--open == 0) {
                        TestInflightLedger.this.notifyAll();
                    }
                }
            }
        }
    }
}
