package dev.coral.agent.plugin.beyla.supervise;

/**
 * At most {@code perSecond} lines in each one-second window; the others are counted, so that a
 * Beyla stuck in a loop of errors cannot flood the agent's log.
 */
final class LineRateLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private long windowStart;
    private int admitted;
    private long suppressed;

    LineRateLimiter(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.windowStart = nowNanos;
    }

    /** Whether a line arriving now may be logged. */
    boolean admit(long nowNanos) {
        if (nowNanos - windowStart >= SECOND) {
            windowStart = nowNanos;
            admitted = 0;
        }
        if (admitted < perSecond) {
            admitted++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Lines suppressed since the last call, to be reported in one line (then zero). */
    long takeSuppressed() {
        long n = suppressed;
        suppressed = 0;
        return n;
    }
}
