package dev.coral.agent.plugin.otlp.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted request's reservation in the in-flight budget. It may grow while the request is
 * read (chunked or gzip bodies) and is returned exactly once, when the request is answered.
 */
public final class Ticket implements Gate.Entry, AutoCloseable {
    private final Gate gate;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Grown only by the one thread reading the request, before the request is handed on.
    private long bytes;

    Ticket(Gate gate, long bytes) {
        this.gate = gate;
        this.bytes = bytes;
    }

    /** Reserves {@code more} bytes; false when the budget has no room (the ticket is unchanged). */
    public boolean grow(long more) {
        if (more <= 0) {
            return true;
        }
        if (!gate.grow(more, bytes + more)) {
            return false;
        }
        bytes += more;
        return true;
    }

    /**
     * Makes the reservation exactly {@code total} bytes, as if it were requested alone: a request
     * larger than the whole bound still passes when nothing else is in flight. False when the
     * budget has no room; the ticket then holds nothing (and closing it returns nothing).
     */
    public boolean resize(long total) {
        if (total <= bytes) {
            return true;
        }
        gate.giveBack(bytes);
        bytes = 0;
        if (!gate.grow(total, total)) {
            return false;
        }
        bytes = total;
        return true;
    }

    public long bytes() {
        return bytes;
    }

    /** Returns the reservation; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            gate.release(bytes);
        }
    }
}
