package dev.coral.agent.plugin.cpuprofiler.jvm;

/** A JVM could not be attached to, or refused or failed the command; the message says why. */
public final class AttachException extends Exception {
    AttachException(String message) {
        super(message);
    }
}
