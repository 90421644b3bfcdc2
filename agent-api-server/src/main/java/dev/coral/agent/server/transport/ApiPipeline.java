package dev.coral.agent.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The handlers of one connection to the API's port: HTTP/1.1, and cleartext HTTP/2 either by
 * prior knowledge (the preface, as gRPC clients open) or by an {@code Upgrade: h2c} request.
 * Each HTTP/2 stream becomes a child channel that reads and writes HTTP/1-style messages, so
 * one {@link ExchangeHandler} serves both versions. A connection idle for
 * {@link #IDLE_TIMEOUT} with no request in flight is closed.
 */
final class ApiPipeline extends ChannelInitializer<Channel> {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Request line (and path) and header limits; a larger head is refused (414, 431). */
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    /** The one request an h2c upgrade carries is read whole: a GET, or a small call. */
    private static final int MAX_UPGRADE_BODY = 64 * 1024;
    private static final int MAX_STREAMS = 128;

    private final Dispatch dispatch;
    private final ChannelGroup connections;

    ApiPipeline(Dispatch dispatch, ChannelGroup connections) {
        this.dispatch = dispatch;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        HttpServerCodec http1 = new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxChunkSize(MAX_CHUNK));
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer()
                                .initialSettings(settings()).build(), new Http2MultiplexHandler(streams()))
                        : null, MAX_UPGRADE_BODY);
        ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        // In this initializer's place, ahead of the HTTP/1.1 handlers (which pass on what is not theirs).
                        c.pipeline().addAfter(c.pipeline().context(this).name(), "h2",
                                Http2FrameCodecBuilder.forServer().initialSettings(settings()).build());
                        c.pipeline().addAfter("h2", null, new Http2MultiplexHandler(streams()));
                    }
                }))
                .addLast(new ChunkedWriteHandler())
                .addLast(new ExchangeHandler(dispatch, false))
                .addLast(new IdleCloser());
    }

    private static Http2Settings settings() {
        return Http2Settings.defaultSettings().maxConcurrentStreams(MAX_STREAMS).maxHeaderListSize(MAX_HEADER_SIZE);
    }

    private ChannelHandler streams() {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline()
                        .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast(new ChunkedWriteHandler())
                        .addLast(new ExchangeHandler(dispatch, true));
            }
        };
    }

    /** Closes a connection that has been idle, unless a request on it is still being worked on. */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                if (ExchangeHandler.inFlight(ctx.channel()).get() == 0) {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
