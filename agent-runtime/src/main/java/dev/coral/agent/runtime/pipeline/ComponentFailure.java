package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;

/** A component that could not be created or started: names it and the cause. */
public final class ComponentFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ComponentFailure(ComponentKind kind, ComponentId id, String stage, Throwable cause) {
        super(kind.word() + " '" + id + "' could not be " + stage + ": " + describe(cause), cause);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        if (root != t && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += " (" + root.getMessage() + ")";
        }
        return msg;
    }
}
