package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's in-flight account ({@code agent.max-inflight}): one ledger for the agent and one
 * per component over the same bound. A component's ticket counts in its own ledger and in the
 * agent's, so the agent's {@link #awaitIdle} waits for every request and batch. Closing the
 * agent's ledger refuses every later reservation, of the agent and of every component: that is
 * the one place a shutdown refuses new data.
 */
public final class InflightLedgers implements InflightLedger {
    private final AtomicLong inUse;
    private final long limit;
    private final InflightLedgers agent;
    private final AtomicInteger open = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final RefusedException overloaded;
    private final RefusedException closing;
    private volatile boolean closed;

    /** The agent's ledger, bounding all components' reservations to {@code limit} bytes. */
    public InflightLedgers(long limit) {
        this(new AtomicLong(), limit, null, "the agent is shutting down");
    }

    private InflightLedgers(AtomicLong inUse, long limit, InflightLedgers agent, String closingMessage) {
        this.inUse = inUse;
        this.limit = limit;
        this.agent = agent;
        this.overloaded = RefusedException.overloaded("the agent has too much data in flight; retry later", null);
        this.closing = RefusedException.unavailable(closingMessage);
    }

    /** A component's ledger: its own tickets and closing, the agent's bound. */
    public InflightLedger forComponent() {
        return new InflightLedgers(inUse, limit, this, "the receiver is shutting down");
    }

    @Override
    public Ticket reserve(long bytes) {
        // Count first, then check: a reservation that slips in while close() runs is either
        // refused here or seen by awaitIdle.
        opened();
        RefusedException shuttingDown = closingRefusal();
        if (shuttingDown != null) {
            closed();
            throw shuttingDown;
        }
        if (!take(bytes, bytes)) {
            closed();
            throw overloaded;
        }
        return new LedgerTicket(bytes);
    }

    @Override
    public void checkRoom(long bytes) {
        if (bytes > 0 && !InflightLedger.fits(bytes, bytes, inUse.get(), limit)) {
            throw overloaded;
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closingRefusal() != null;
    }

    /** The agent's refusal once the agent shuts down, this component's once it does, else null. */
    private RefusedException closingRefusal() {
        if (agent != null && agent.closed) {
            return agent.closing;
        }
        return closed ? closing : null;
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (open.get() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int open() {
        return open.get();
    }

    @Override
    public long inUse() {
        return inUse.get();
    }

    @Override
    public long limit() {
        return limit;
    }

    /** Reserves {@code more} for a request that then holds {@code total}, by the reserve rule. */
    private boolean take(long more, long total) {
        while (true) {
            long current = inUse.get();
            if (!InflightLedger.fits(more, total, current, limit)) {
                return false;
            }
            if (inUse.compareAndSet(current, current + more)) {
                return true;
            }
        }
    }

    private void opened() {
        open.incrementAndGet();
        if (agent != null) {
            agent.opened();
        }
    }

    private void closed() {
        if (open.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (agent != null) {
            agent.closed();
        }
    }

    private final class LedgerTicket implements Ticket {
        private final AtomicBoolean returned = new AtomicBoolean();
        // Grown only by the one thread reading the request, before the request is handed on.
        private volatile long bytes;

        LedgerTicket(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void grow(long more) {
            if (more > 0) {
                if (!take(more, bytes + more)) {
                    throw overloaded;
                }
                bytes += more;
            }
        }

        @Override
        public void resize(long total) {
            if (total <= bytes) {
                return;
            }
            inUse.addAndGet(-bytes);
            bytes = 0;
            if (!take(total, total)) {
                throw overloaded;
            }
            bytes = total;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                inUse.addAndGet(-bytes);
                closed();
            }
        }
    }
}
