package dev.coral.agent.api;

import java.time.Duration;

/**
 * A point in time by which some work must end: what the runtime hands
 * {@link Component#shutdown(Deadline)}, the part of the agent's {@code shutdown-timeout} still
 * left when a component's turn comes. Immutable, and measured on the monotonic clock
 * ({@link System#nanoTime}), so a change of the wall clock does not move it.
 *
 * <pre>{@code
 * writerThread.join(deadline.remaining());
 * if (deadline.expired()) {
 *     failWhatIsStillQueued();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Deadline {
    /** Longer timeouts are cut to this (146 years), so that sums on the nanosecond clock cannot overflow. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /**
     * The deadline {@code timeout} from now; zero or a negative timeout gives one already expired.
     *
     * @since 0.1.0
     */
    public static Deadline after(Duration timeout) {
        long nanos;
        try {
            nanos = Math.min(Math.max(timeout.toNanos(), 0), MAX_NANOS);
        } catch (ArithmeticException tooLong) {
            nanos = timeout.isNegative() ? 0 : MAX_NANOS;
        }
        return new Deadline(System.nanoTime() + nanos);
    }

    /**
     * The time left until the deadline; {@link Duration#ZERO} once it passed (never negative).
     *
     * @since 0.1.0
     */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /**
     * True once the deadline passed: what is still in flight should be failed, not waited for.
     *
     * @since 0.1.0
     */
    public boolean expired() {
        return atNanos - System.nanoTime() <= 0;
    }

    @Override
    public String toString() {
        return "Deadline[remaining=" + remaining() + "]";
    }
}
