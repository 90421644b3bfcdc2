package dev.coral.agent.plugin.cpuprofiler.jvm;

/** A JVM could not be attached to, or refused or failed the command; the message says why. */
public final class AttachException extends Exception {
    private final boolean worthRetrying;

    /** A refusal that will not change while the process lives (asking again could do harm: a thread dump per SIGQUIT). */
    AttachException(String message) {
        this(message, false);
    }

    AttachException(String message, boolean worthRetrying) {
        super(message);
        this.worthRetrying = worthRetrying;
    }

    /** @return whether a later attempt may succeed (a slow answer, a broken connection) */
    public boolean worthRetrying() {
        return worthRetrying;
    }
}
