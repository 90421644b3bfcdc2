package dev.coral.agent.api;

import java.time.Duration;

/**
 * The account of data in flight: received but not yet answered. The agent bounds the heap such
 * data may hold ({@code agent.max-inflight}), for all receivers together. A receiver reserves
 * what a request will cost before it decodes it, gets a {@link Ticket}, and closes the ticket
 * once the request's answer is written; when there is no room it refuses the request with a
 * retry hint (OTLP: HTTP 429 / gRPC RESOURCE_EXHAUSTED) instead of growing the heap.
 *
 * <p>{@link ComponentContext#inflight()} gives each receiver its own ledger over the agent's
 * bound: closing it refuses that receiver's later requests, and {@link #awaitIdle} waits for
 * that receiver's tickets only. A typical shutdown: {@link #close()}, stop accepting
 * connections, {@link #awaitIdle}, close the connections.
 *
 * <p>The reserve rule ({@link #fits}): the last eighth of the bound is kept for small requests
 * (at most a 64th of the bound each), so that senders of huge batches filling the bound do not
 * lock out an application exporting a few hundred spans at a time; and a request alone in
 * flight is always admitted, however large (receivers bound their own request size).
 *
 * <p>Thread-safe; never blocks except in {@link #awaitIdle}.
 *
 * @since 0.1.0
 */
public interface InflightLedger {

    /**
     * Reserves {@code bytes} for one request.
     *
     * @return the reservation, to close once the request's answer is written
     * @throws RefusedException {@link RefusedException.Reason#OVERLOADED} when there is no room,
     *     {@link RefusedException.Reason#UNAVAILABLE} once this ledger (or the agent's) is closed;
     *     made once, so refusing under load allocates nothing
     */
    Ticket reserve(long bytes);

    /**
     * Refuses, as {@link #reserve} would for lack of room, a request expected to cost {@code bytes};
     * reserves nothing. Lets a transport refuse a request before reading it. 0: unknown, never refused.
     *
     * @throws RefusedException {@link RefusedException.Reason#OVERLOADED} when there is no room now
     */
    void checkRoom(long bytes);

    /** From now on every {@link #reserve} is refused as UNAVAILABLE; open tickets stay valid. */
    void close();

    boolean isClosed();

    /**
     * Waits until every ticket of this ledger is closed, at most {@code timeout}. Wakes as soon as
     * the last one closes (no polling).
     *
     * @return true when none is open
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    /** Tickets of this ledger not yet closed. */
    int open();

    /** Bytes reserved now, agent-wide. */
    long inUse();

    /** The agent-wide bound, in bytes. */
    long limit();

    /**
     * The reserve rule every ledger applies: whether {@code more} bytes for a request that will
     * then hold {@code total} fit, with {@code inUse} of {@code limit} reserved now.
     */
    static boolean fits(long more, long total, long inUse, long limit) {
        long othersInUse = inUse - (total - more);
        return total <= limit / 64 || inUse + more <= limit - limit / 8 || othersInUse <= 0;
    }

    /**
     * One request's reservation. It may grow while the request is read (chunked or compressed
     * bodies) and is returned exactly once, by {@link #close()}. Grown by one thread at a time
     * (the one reading the request); closed from any.
     *
     * @since 0.1.0
     */
    interface Ticket extends AutoCloseable {
        /**
         * Reserves {@code more} bytes besides those held.
         *
         * @throws RefusedException OVERLOADED when there is no room; the ticket is unchanged
         */
        void grow(long more);

        /**
         * Makes the reservation {@code total} bytes, judged as if the request were new (alone in
         * flight it always passes). Smaller totals keep what is held.
         *
         * @throws RefusedException OVERLOADED when there is no room; the ticket then holds nothing
         */
        void resize(long total);

        /** Bytes held. */
        long bytes();

        /** Returns the reservation; later calls do nothing. */
        @Override
        void close();
    }
}
