package dev.coral.agent.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the HTTP messages of one HTTP/1.1 connection, or of one HTTP/2 stream, into
 * {@link Exchange}s for the {@link Dispatch}, one at a time. Collects a body a handler asks for
 * (up to its bound) and reads and drops any other, so that a refusal answered at the head
 * (too large, wrong content type...) leaves the connection usable: closing a socket with unread
 * data in it makes the kernel send a reset that can destroy the answer a client still busy
 * sending has not read yet. Dropping stops after {@link #MAX_DRAIN_BYTES} or
 * {@link #MAX_DRAIN_MILLIS}; a body past that ends the connection.
 *
 * <p>An HTTP/1.1 connection reads no further request while one waits for its answer.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    /** Exchanges started and not yet answered on a connection: idle and shutdown only close connections without any. */
    static final AttributeKey<AtomicInteger> IN_FLIGHT = AttributeKey.valueOf("coral-api-in-flight");
    static final long MAX_DRAIN_BYTES = 64L << 20;
    static final long MAX_DRAIN_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHandler.class);

    private final Dispatch dispatch;
    private final boolean http2;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private ByteArrayOutputStream collected;
    private boolean collecting;
    private boolean requestDone;
    private boolean answerDone;
    private boolean closeAfterAnswer;
    private long dropped;

    ExchangeHandler(Dispatch dispatch, boolean http2) {
        this.dispatch = dispatch;
        this.http2 = http2;
    }

    static AtomicInteger inFlight(Channel connection) {
        AtomicInteger n = connection.attr(IN_FLIGHT).get();
        if (n == null) {
            connection.attr(IN_FLIGHT).setIfAbsent(new AtomicInteger());
            n = connection.attr(IN_FLIGHT).get();
        }
        return n;
    }

    private Channel connection() {
        Channel ch = ctx.channel();
        return http2 && ch.parent() != null ? ch.parent() : ch;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest request) {
                start(request);
            }
            if (msg instanceof HttpContent content) {
                content(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseUnreadable(request.decoderResult().cause());
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            refuse(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported: use HTTP/1.1 or HTTP/2");
            return;
        }
        if (current != null) {
            // A stream carries one request; a connection's next one cannot start before the
            // last is answered (reading is paused until then).
            return;
        }
        current = new Exchange(ctx.channel(), request, http2, this);
        collected = null;
        collecting = false;
        requestDone = false;
        answerDone = false;
        dropped = 0;
        closeAfterAnswer = !http2 && !HttpUtil.isKeepAlive(request);
        inFlight(connection()).incrementAndGet();
        try {
            dispatch.handle(current);
        } catch (RuntimeException e) {
            LOG.warn("agent api request failed path={} error=\"{}\"", current.rawPath(), e.toString(), e);
            if (current.canAnswer()) {
                Replies.text(current, 500, "internal error: " + e);
            }
        }
    }

    /** Called by the exchange (on this event loop or another thread) when its handler asks for the body. */
    void bodyWanted(Exchange exchange) {
        if (ctx.executor().inEventLoop()) {
            startCollecting(exchange);
        } else {
            ctx.executor().execute(() -> startCollecting(exchange));
        }
    }

    private void startCollecting(Exchange exchange) {
        if (exchange != current || exchange.pendingBody().isDone()) {
            return;
        }
        collecting = true;
        collected = new ByteArrayOutputStream();
        if (requestDone) {
            // Only a body already dropped (asked for too late) could be missing; there is none.
            exchange.pendingBody().complete(new byte[0]);
        }
    }

    private void content(HttpContent content) {
        if (current == null) {
            return;
        }
        ByteBuf bytes = content.content();
        CompletableFuture<byte[]> body = current.pendingBody();
        if (collecting && body != null && !body.isDone()) {
            if (collected.size() + bytes.readableBytes() > current.bodyLimit()) {
                collecting = false;
                collected = null;
                body.completeExceptionally(new Bodies.TooLarge(current.bodyLimit()));
                dropped += bytes.readableBytes();
            } else {
                byte[] chunk = new byte[bytes.readableBytes()];
                bytes.readBytes(chunk);
                collected.writeBytes(chunk);
            }
        } else {
            dropped += bytes.readableBytes();
            if (dropped > MAX_DRAIN_BYTES) {
                ctx.close();
                return;
            }
        }
        if (content instanceof LastHttpContent) {
            requestDone = true;
            if (collecting && body != null && !body.isDone()) {
                body.complete(collected.toByteArray());
                collected = null;
            }
            if (answerDone) {
                finish();
            } else if (!http2) {
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    /** On the event loop, just before the answer is written. */
    void prepare(Exchange exchange, HttpHeaders headers) {
        if (exchange == current && closeAfterAnswer) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** On the event loop, once the answer is handed to the channel. */
    void answered(Exchange exchange, ChannelFuture written) {
        if (exchange != current) {
            return;
        }
        inFlight(connection()).decrementAndGet();
        written.addListener((ChannelFutureListener) f -> {
            if (exchange != current) {
                return;
            }
            if (!f.isSuccess() || closeAfterAnswer) {
                ctx.close();
                return;
            }
            answerDone = true;
            if (requestDone) {
                finish();
            } else {
                // The rest of a refused body is still coming: drop it, for a while.
                ctx.executor().schedule(() -> {
                    if (exchange == current && !requestDone) {
                        ctx.close();
                    }
                }, MAX_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void finish() {
        current = null;
        if (!http2) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** An answer was begun (so counted as answered) and cannot be finished: cut the connection or stream. */
    void abort(Exchange exchange) {
        if (exchange == current) {
            current = null;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange gone = current;
        if (gone != null) {
            current = null;
            if (gone.canAnswer()) {
                inFlight(connection()).decrementAndGet();
            }
            gone.clientGone();
        }
        ctx.fireChannelInactive();
    }

    /**
     * The client finished sending (half-closed): answer what it asked, then close. Without half
     * closure Netty would close at once and lose an answer still being worked on.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (current == null) {
                ctx.close();
            } else {
                closeAfterAnswer = true;
                if (answerDone) {
                    ctx.close();
                }
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("agent api connection failed error=\"{}\"", cause.toString());
        ctx.close();
    }

    /** A request the codec could not read: a short text answer, then the connection ends. */
    private void refuseUnreadable(Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        refuse(status, "bad request: " + status.reasonPhrase());
    }

    private void refuse(HttpResponseStatus status, String message) {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(text));
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, Replies.TEXT)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
}
