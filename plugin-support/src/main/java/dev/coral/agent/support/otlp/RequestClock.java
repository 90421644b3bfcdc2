package dev.coral.agent.support.otlp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times one connection's requests, against clients that connect and then send slowly or not
 * at all (slowloris): a request's head must arrive within read-header-timeout of its first
 * byte and the whole request within read-timeout; a connection waiting for a request closes
 * after idle-timeout. The time the agent takes to answer does not count. Sits before the HTTP
 * codec to see a request's first raw byte; {@link OtlpHttpHandler} tells it where the request
 * is. A request that runs out of time gets a {@link Expired} event, so the handler can answer
 * 408. Everything runs on the connection's event loop.
 */
final class RequestClock extends ChannelInboundHandlerAdapter {
    /** The event fired down the pipeline when a request took too long. */
    enum Expired { HEAD, REQUEST }

    private enum Phase { WAITING, HEAD, BODY, SERVING }

    private final HttpServerSettings.Connections limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.WAITING;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> headTimer;
    private ScheduledFuture<?> requestTimer;

    RequestClock(HttpServerSettings.Connections limits) {
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        idleTimer = schedule(limits.idleTimeout(), ctx::close);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.WAITING) {
            started();
        }
        ctx.fireChannelRead(msg);
    }

    /** The request's head was read. */
    void headReceived() {
        if (phase == Phase.WAITING) {
            started(); // a pipelined request, read before the previous answer
        }
        cancel(headTimer);
        phase = Phase.BODY;
    }

    /** The request was read to its end; the agent works on it (its time does not count). */
    void requestReceived() {
        cancel(headTimer);
        cancel(requestTimer);
        phase = Phase.SERVING;
    }

    /** The connection waits for its next request. */
    void awaitingRequest() {
        cancel(headTimer);
        cancel(requestTimer);
        cancel(idleTimer);
        phase = Phase.WAITING;
        idleTimer = schedule(limits.idleTimeout(), ctx::close);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel(idleTimer);
        cancel(headTimer);
        cancel(requestTimer);
        super.channelInactive(ctx);
    }

    private void started() {
        cancel(idleTimer);
        phase = Phase.HEAD;
        headTimer = schedule(limits.readHeaderTimeout(), () -> expire(Phase.HEAD, Expired.HEAD));
        requestTimer = schedule(limits.readTimeout(), () -> expire(Phase.BODY, Expired.REQUEST));
    }

    private void expire(Phase during, Expired event) {
        if (phase == during || (event == Expired.REQUEST && phase == Phase.HEAD)) {
            ctx.fireUserEventTriggered(event);
        }
    }

    private ScheduledFuture<?> schedule(Duration after, Runnable task) {
        return ctx.executor().schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
