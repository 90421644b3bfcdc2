package dev.coral.agent.support.otlp;

import com.google.rpc.Code;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OTLP/HTTP connection: checks each request's head (path, method, media type, size,
 * admission) before its body is read, collects the body within the size bound, and hands it
 * to {@link HttpExport} on the executor. While a request is exported the connection stops
 * reading, so requests are answered in order and a slow pipeline slows its senders down.
 * Every method runs on the connection's event loop.
 */
final class OtlpHttpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(OtlpHttpHandler.class);
    /** As Netty's aggregator: few enough components that bodies are rarely copied to consolidate. */
    private static final int MAX_BODY_COMPONENTS = 1024;

    /**
     * How long a connection the server ends keeps swallowing what the client still sends. Closing
     * a socket with unread input resets it, and the reset can destroy the answer (a 413, say)
     * before the client has read it; so the server half-closes, drops the rest, and closes when
     * the client does or this time has passed.
     */
    private static final long LINGER_MILLIS = 2_000;

    private enum State { IDLE, READING, DISCARDING, EXPORTING, CLOSING }

    private final HttpServices services;
    private final RequestClock clock;
    private State state = State.IDLE;
    private HttpExchange exchange;
    private boolean keepAlive;
    private boolean expectsContinue;
    private String origin;
    /** Requests pipelined behind the one being exported, replayed after its answer. */
    private final ArrayDeque<Object> queued = new ArrayDeque<>();

    OtlpHttpHandler(HttpServices services, RequestClock clock) {
        this.services = services;
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.EXPORTING) {
            queued.add(msg);
            return;
        }
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            handle(ctx, msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            head(ctx, request);
        }
        if (msg instanceof HttpContent content) {
            content(ctx, content);
        }
    }

    private void head(ChannelHandlerContext ctx, HttpRequest request) {
        clock.headReceived();
        keepAlive = HttpUtil.isKeepAlive(request);
        expectsContinue = HttpUtil.is100ContinueExpected(request);
        origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        BodyCodec codec = BodyCodec.forContentType(contentType);
        BodyCodec errorCodec = codec == null ? BodyCodec.PROTOBUF : codec;
        HttpAnswers answers = services.answers();

        if (request.decoderResult().isFailure()) {
            keepAlive = false;
            reject(ctx, answers.failure(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage(), errorCodec));
            return;
        }
        if (services.cors().isPreflight(request)) {
            reject(ctx, services.cors().preflight(request));
            return;
        }
        String path = path(request.uri());
        SignalIntake<?, ?> intake = services.routes().get(path);
        if (intake == null) {
            String signal = HttpServices.SIGNAL_PATHS.get(path);
            reject(ctx, answers.failure(HttpResponseStatus.NOT_FOUND, Code.NOT_FOUND, signal != null
                    ? "no pipeline takes " + signal + " from this receiver"
                    : "unknown path " + path + "; OTLP/HTTP paths are /v1/traces, /v1/metrics and /v1/logs", errorCodec));
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse r = answers.failure(HttpResponseStatus.METHOD_NOT_ALLOWED, Code.UNIMPLEMENTED,
                    request.method() + " is not allowed; OTLP/HTTP takes POST", errorCodec);
            r.headers().set(HttpHeaderNames.ALLOW, services.cors().enabled() ? "POST, OPTIONS" : "POST");
            reject(ctx, r);
            return;
        }
        if (codec == null) {
            reject(ctx, answers.failure(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, Code.INVALID_ARGUMENT,
                    "unsupported Content-Type " + (contentType == null ? "(none)" : contentType)
                            + "; use application/x-protobuf or application/json", errorCodec));
            return;
        }
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "identity").strip();
        boolean gzip = encoding.equalsIgnoreCase("gzip");
        if (!gzip && !encoding.equalsIgnoreCase("identity") && !encoding.isEmpty()) {
            reject(ctx, answers.failure(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, Code.INVALID_ARGUMENT,
                    "unsupported Content-Encoding " + encoding + "; use gzip or none", codec));
            return;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > services.maxBody()) {
            // Not worth reading: answer and close rather than drain it.
            keepAlive = false;
            intake.counters().refusedRequest(ReceiverCounters.RequestRefusal.TOO_LARGE);
            reject(ctx, tooLarge(codec));
            return;
        }
        // The body is reserved as it arrives, not as declared: a client that declares 20 MB and
        // sends a byte a second holds one byte of the budget, not 20 MB of everyone's.
        InflightLedger.Ticket ticket;
        try {
            ticket = services.ledger().reserve(0);
        } catch (RefusedException refused) {
            reject(ctx, answers.answer(intake.refuse(refused), codec));
            return;
        }
        state = State.READING;
        exchange = new HttpExchange(intake, codec, gzip, ticket,
                ctx.alloc().compositeBuffer(MAX_BODY_COMPONENTS));
        if (expectsContinue) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.CONTINUE));
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        switch (state) {
            case DISCARDING -> {
                if (last) {
                    state = State.IDLE;
                    clock.awaitingRequest();
                }
            }
            case READING -> {
                ByteBuf data = content.content();
                int n = data.readableBytes();
                if (n > 0) {
                    if ((long) exchange.body().readableBytes() + n > services.maxBody()) {
                        exchange.intake().counters().refusedRequest(ReceiverCounters.RequestRefusal.TOO_LARGE);
                        BodyCodec codec = exchange.codec();
                        abandon();
                        keepAlive = false;
                        reject(ctx, tooLarge(codec));
                        return;
                    }
                    try {
                        exchange.ticket().grow(n);
                    } catch (RefusedException overloaded) {
                        SignalIntake<?, ?> intake = exchange.intake();
                        BodyCodec codec = exchange.codec();
                        abandon();
                        keepAlive = false;
                        reject(ctx, services.answers().answer(intake.refuse(overloaded), codec));
                        return;
                    }
                    exchange.body().addComponent(true, data.retain());
                }
                if (last) {
                    export(ctx);
                }
            }
            default -> {
                // IDLE: the empty end of a request already answered. EXPORTING: queued, not here.
            }
        }
    }

    private void export(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        exchange = null;
        state = State.EXPORTING;
        clock.requestReceived();
        ctx.channel().config().setAutoRead(false);
        try {
            services.executor().execute(() -> services.export().run(ex).whenComplete((response, failure) -> {
                try {
                    ctx.executor().execute(() -> finish(ctx, response, failure, ex));
                } catch (RejectedExecutionException gone) {
                    // The event loops stopped (shutdown passed its timeout): no answer will be
                    // written, so the reservation ends here.
                    ReferenceCountUtil.release(response);
                    ex.ticket().close();
                }
            }));
        } catch (RejectedExecutionException e) {
            // The receiver is closing its executor: the request was never looked at.
            ex.body().release();
            finish(ctx, services.answers().answer(ex.intake().refuse(
                    RefusedException.unavailable("the receiver is shutting down")), ex.codec()), null, ex);
        }
    }

    private void finish(ChannelHandlerContext ctx, FullHttpResponse response, Throwable failure, HttpExchange ex) {
        if (failure != null) {
            log.warn("otlp: HTTP export of {} failed", ex.intake().signal(), failure);
            response = services.answers().answer(ex.intake().refuse(RefusedException.failed(String.valueOf(failure), failure)), ex.codec());
        }
        state = State.IDLE;
        // The reservation lasts until the answer is written (or its connection is gone): shutdown
        // waits for the ledger, so it never cuts an answer off.
        send(ctx, response).addListener(written -> ex.ticket().close());
        if (!keepAlive || !ctx.channel().isActive()) {
            releaseQueued();
            return;
        }
        clock.awaitingRequest();
        ctx.channel().config().setAutoRead(true);
        while (!queued.isEmpty() && state != State.EXPORTING) {
            Object msg = queued.poll();
            try {
                handle(ctx, msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** Answers before the body is read; the rest of the request is skipped. */
    private void reject(ChannelHandlerContext ctx, FullHttpResponse response) {
        // A client waiting for 100-continue may never send the body we would skip.
        if (expectsContinue) {
            keepAlive = false;
        }
        state = State.DISCARDING;
        send(ctx, response);
    }

    private ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response) {
        services.cors().decorate(response.headers(), origin);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(response);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(response).addListener(written -> lingeringClose(ctx));
    }

    /** Ends the connection after its last answer without resetting it (see {@link #LINGER_MILLIS}). */
    private void lingeringClose(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        abandon();
        releaseQueued();
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput().addListener(done -> {
            if (!done.isSuccess()) {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        duplex.config().setAutoRead(true);
    }

    private FullHttpResponse tooLarge(BodyCodec codec) {
        return services.answers().failure(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
                "request body is larger than " + services.maxBody() + " bytes (max-request-body-size)", codec);
    }

    private void abandon() {
        if (exchange != null) {
            exchange.body().release();
            exchange.ticket().close();
            exchange = null;
        }
    }

    private void releaseQueued() {
        while (!queued.isEmpty()) {
            ReferenceCountUtil.release(queued.poll());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abandon();
        releaseQueued();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof RequestClock.Expired expired)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        switch (state) {
            case IDLE, READING -> {
                // The client is too slow to send its request: say so, and end the connection.
                BodyCodec codec = exchange == null ? BodyCodec.PROTOBUF : exchange.codec();
                abandon();
                keepAlive = false;
                reject(ctx, services.answers().failure(HttpResponseStatus.REQUEST_TIMEOUT, Code.DEADLINE_EXCEEDED,
                        expired == RequestClock.Expired.HEAD
                                ? "request head not received within read-header-timeout"
                                : "request not received within read-timeout", codec));
            }
            case DISCARDING -> ctx.close(); // already answered; the rest of its body is too slow to wait for
            default -> {
                // EXPORTING or CLOSING: the clock does not run then.
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("otlp: HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
        abandon();
        ctx.close();
    }

    private static String path(String uri) {
        if (!uri.startsWith("/")) {
            try {
                String p = URI.create(uri).getRawPath();
                return p == null || p.isEmpty() ? "/" : p;
            } catch (IllegalArgumentException e) {
                return uri;
            }
        }
        return new QueryStringDecoder(uri).rawPath();
    }
}
