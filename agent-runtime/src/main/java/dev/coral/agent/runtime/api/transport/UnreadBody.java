package dev.coral.agent.runtime.api.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Ends an HTTP/1.1 exchange whose request body was refused unread (too large) without losing the
 * answer. Closing a socket with unread data in it makes the kernel send a reset, which throws
 * away the answer a client still busy sending has not read yet ("header parser received no
 * bytes"). So after the answer is written the rest of the body is read and dropped, for at most
 * {@link #MAX_BYTES} or {@link #MAX_MILLIS}, and only then does Jetty close the connection.
 */
public final class UnreadBody {
    static final long MAX_BYTES = 64L << 20;
    static final long MAX_MILLIS = 2_000;

    private UnreadBody() {}

    /**
     * The callback to write the refusal with: it marks the answer as the connection's last, and
     * completes {@code callback} once the body is drained (or the bounds are reached).
     */
    public static Callback drainThen(Request request, Response response, Callback callback) {
        Replies.closeAfter(request, response);
        return Callback.from(() -> discard(request).whenComplete((done, failure) -> callback.succeeded()),
                callback::failed);
    }

    /** Reads and drops the request's content until its end, a failure, or the bounds. */
    static CompletableFuture<Void> discard(Request request) {
        CompletableFuture<Void> done = new CompletableFuture<Void>().completeOnTimeout(null, MAX_MILLIS,
                TimeUnit.MILLISECONDS);
        new Runnable() {
            private long dropped;

            @Override
            public void run() {
                while (!done.isDone()) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    dropped += chunk.remaining();
                    boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
                    chunk.release();
                    if (last || dropped > MAX_BYTES) {
                        done.complete(null);
                    }
                }
            }
        }.run();
        return done;
    }
}
