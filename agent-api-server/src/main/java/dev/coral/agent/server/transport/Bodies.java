package dev.coral.agent.server.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads request bodies whole, without blocking a thread, and never past a bound. */
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

    /**
     * The whole body; fails with {@link TooLarge} past {@code max} bytes (at once when the
     * declared length says so), or with the I/O failure when the client goes away.
     */
    public static CompletableFuture<byte[]> read(Request request, int max) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > max) {
            return CompletableFuture.failedFuture(new TooLarge(max));
        }
        return Content.Source.asByteArrayAsync(request, max).handle((body, failure) -> {
            if (failure == null) {
                return body;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            // Jetty fails the read with IllegalArgumentException when the content passes max.
            if (cause instanceof IllegalArgumentException) {
                throw new TooLarge(max);
            }
            throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
        });
    }

    /** The failure behind a completion stage's exception. */
    public static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
