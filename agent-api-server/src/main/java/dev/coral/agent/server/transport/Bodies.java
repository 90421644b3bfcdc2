package dev.coral.agent.server.transport;

import java.util.concurrent.CompletionException;

/** The bound on request bodies ({@link Exchange#body}) and its failure. */
public final class Bodies {
    /** The largest body any API request may have: gRPC's default message limit. */
    public static final int MAX_BODY = 4 * 1024 * 1024;

    /** A body over the bound. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(int max) {
            super("request body is larger than the limit of " + max + " bytes");
        }
    }

    private Bodies() {}

    /** The failure behind a completion stage's exception. */
    public static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
