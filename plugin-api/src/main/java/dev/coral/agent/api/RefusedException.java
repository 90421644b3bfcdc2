package dev.coral.agent.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a batch was not kept. Receivers map the reason to their protocol's answer (OTLP: 429 /
 * RESOURCE_EXHAUSTED for {@link Reason#OVERLOADED}, 503 / UNAVAILABLE for
 * {@link Reason#UNAVAILABLE}, 400 / INVALID_ARGUMENT for {@link Reason#INVALID}, 500 / INTERNAL
 * for {@link Reason#FAILED}).
 *
 * @since 0.1.0
 */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kind of refusal, which tells the client whether and when to retry. */
    public enum Reason {
        /** Memory or queue bound reached; retry later. */
        OVERLOADED(true),
        /** Shutting down or a downstream part is temporarily unavailable; retry later. */
        UNAVAILABLE(true),
        /** The data itself is unacceptable; retrying the same data will not help. */
        INVALID(false),
        /** A component failed on this batch (an exception, a write error). */
        FAILED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public RefusedException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public RefusedException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    public static RefusedException overloaded(String message, Duration retryAfter) {
        return new RefusedException(Reason.OVERLOADED, message, retryAfter, null);
    }

    public static RefusedException unavailable(String message) {
        return new RefusedException(Reason.UNAVAILABLE, message, Duration.ofSeconds(1), null);
    }

    public static RefusedException failed(String message, Throwable cause) {
        return new RefusedException(Reason.FAILED, message, null, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** A hint for the client's next attempt, when the refusal is retryable. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The refusal behind a failed completion: {@code t} itself, its cause chain's first
     * RefusedException, or a {@link Reason#FAILED} refusal wrapping {@code t}.
     */
    public static RefusedException of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RefusedException r) {
                return r;
            }
        }
        return failed(String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()), t);
    }
}
