package dev.coral.agent.server.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads and drops whatever a handler left of the request body before the exchange ends. Every
 * refusal that answers without reading (too large, wrong content type, unknown method...) would
 * otherwise leave the body in the socket; Jetty then closes the connection, and closing a socket
 * with unread data in it makes the kernel send a reset that destroys the answer a client still
 * busy sending has not read yet ("header parser received no bytes"), or breaks the next request
 * of a client that pooled the connection. Drained, the connection stays usable. The drain stops
 * after {@link #MAX_BYTES} or {@link #MAX_MILLIS}; a body past that ends the connection.
 */
public final class DrainingHandler extends Handler.Wrapper {
    static final long MAX_BYTES = 64L << 20;
    static final long MAX_MILLIS = 2_000;

    public DrainingHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, response,
                Callback.from(() -> drain(request).whenComplete((done, failure) -> callback.succeeded()),
                        callback::failed));
    }

    /** Reads and drops the request's content until its end (at once for a body already read), a failure, or the bounds. */
    static CompletableFuture<Void> drain(Request request) {
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
