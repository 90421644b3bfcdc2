package dev.coral.agent.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request of the API's port and its answer, whichever HTTP version carries it (an HTTP/1.1
 * connection or an HTTP/2 stream): the request's line and headers, its body on demand, and
 * exactly one answer. Answers may be given from any thread; they are written on the channel's
 * event loop. Whatever of the body a handler does not ask for is read and dropped
 * ({@link ExchangeHandler}), so a refusal never leaves unread bytes in the socket.
 */
public final class Exchange {
    private static final int FILE_CHUNK = 64 * 1024;

    private final Channel channel;
    private final HttpRequest request;
    private final boolean http2;
    private final ExchangeHandler owner;
    private final HttpHeaders answerHeaders = new DefaultHttpHeaders();
    private final List<Runnable> onClientGone = new ArrayList<>(1);
    private CompletableFuture<byte[]> body;
    private int bodyLimit;
    private volatile boolean answered;
    private volatile int status;

    Exchange(Channel channel, HttpRequest request, boolean http2, ExchangeHandler owner) {
        this.channel = channel;
        this.request = request;
        this.http2 = http2;
        this.owner = owner;
    }

    public String method() {
        return request.method().name();
    }

    /** The path as the client sent it (no query), before any decoding. */
    public String rawPath() {
        String uri = request.uri();
        int authority = uri.indexOf("://");
        if (authority > 0 && uri.indexOf('/') > authority) {
            // Absolute form (http://host:port/path): the path is what follows the authority.
            int path = uri.indexOf('/', authority + 3);
            uri = path < 0 ? "/" : uri.substring(path);
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** A request header's value, or null. */
    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    /** Whether the request came on an HTTP/2 stream (gRPC needs one). */
    public boolean http2() {
        return http2;
    }

    /** Headers of the answer, set before one of the answering methods. */
    public HttpHeaders answerHeaders() {
        return answerHeaders;
    }

    /**
     * The whole body; fails with {@link Bodies.TooLarge} past {@code max} bytes (at once when
     * the declared length says so, the rest is then dropped), or when the client goes away.
     * Completes on the event loop. Ask at most once, before answering.
     */
    public synchronized CompletableFuture<byte[]> body(int max) {
        if (body == null) {
            bodyLimit = max;
            body = new CompletableFuture<>();
            if (declaredLength() > max) {
                body.completeExceptionally(new Bodies.TooLarge(max));
            }
            owner.bodyWanted(this);
        }
        return body;
    }

    /** The Content-Length the client declared; -1 when absent, Long.MAX_VALUE when past a long. */
    private long declaredLength() {
        String declared = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            // HTTP/1.1's codec refuses a malformed length before this; a huge one is simply too large.
            return declared.trim().chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
        }
    }

    synchronized CompletableFuture<byte[]> pendingBody() {
        return body;
    }

    int bodyLimit() {
        return bodyLimit;
    }

    /** Runs {@code action} (once) when the client goes away before its answer was written. */
    public void onClientGone(Runnable action) {
        synchronized (onClientGone) {
            onClientGone.add(action);
        }
    }

    void clientGone() {
        List<Runnable> actions;
        synchronized (onClientGone) {
            actions = List.copyOf(onClientGone);
            onClientGone.clear();
        }
        actions.forEach(Runnable::run);
        CompletableFuture<byte[]> b = pendingBody();
        if (b != null) {
            b.completeExceptionally(new IOException("client went away"));
        }
    }

    /** True until an answer was given. */
    public boolean canAnswer() {
        return !answered;
    }

    /** The answer's status (0 before one). */
    public int status() {
        return status;
    }

    /** A whole-body answer; HEAD gets the headers only. */
    public void send(int code, String contentType, byte[] content) {
        answerHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        answerHeaders.setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
        boolean head = HttpMethod.HEAD.equals(request.method());
        answer(code, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content), null);
    }

    /**
     * A whole-body answer with trailers (gRPC's status); {@code trailers} null or empty makes it
     * a headers-only answer when {@code content} is empty too.
     */
    public void sendWithTrailers(int code, byte[] content, HttpHeaders trailers) {
        answer(code, Unpooled.wrappedBuffer(content), trailers);
    }

    /** {@code length} bytes of {@code file} from {@code first}, streamed; the file is closed after. */
    public void sendFile(int code, FileChannel file, long first, long length) throws IOException {
        ChunkedNioFile chunks = new ChunkedNioFile(file, first, length, FILE_CHUNK);
        if (!claim(code)) {
            file.close();
            return;
        }
        answerHeaders.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
                answerHeaders);
        channel.eventLoop().execute(() -> {
            owner.prepare(this, head.headers());
            channel.write(head);
            ChannelFuture sent = channel.writeAndFlush(new HttpChunkedInput(chunks));
            owner.answered(this, sent);
        });
    }

    /** Ends the exchange without an answer (one was already begun): the connection or stream is cut. */
    public void abort() {
        channel.eventLoop().execute(() -> owner.abort(this));
    }

    private void answer(int code, ByteBuf content, HttpHeaders trailers) {
        if (!claim(code)) {
            content.release();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code), content, answerHeaders,
                trailers == null ? new DefaultHttpHeaders() : trailers);
        channel.eventLoop().execute(() -> {
            owner.prepare(this, response.headers());
            owner.answered(this, channel.writeAndFlush(response));
        });
    }

    private synchronized boolean claim(int code) {
        if (answered) {
            return false;
        }
        answered = true;
        status = code;
        return true;
    }

    HttpRequest request() {
        return request;
    }
}
