package dev.coral.agent.support.otlp;

import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.support.net.SharedEventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The OTLP/HTTP server: Netty's HTTP/1.1 codec on the process's {@link SharedEventLoops} (a
 * connection costs a channel, never a thread), optional TLS, and per connection a {@link RequestClock} and an
 * {@link OtlpHttpHandler}; at most max-connections at once.
 */
final class OtlpHttpServer {
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final HttpServerSettings config;
    private final HttpServices services;
    private final ChannelGroup connections = new DefaultChannelGroup("otlp-http", GlobalEventExecutor.INSTANCE);
    private SharedEventLoops.Lease loops;
    private Channel listener;

    private final HttpServerSettings.Connections limits;
    private final Counter refusedConnections;

    OtlpHttpServer(HttpServerSettings config, List<SignalIntake<?, ?>> intakes, InflightLedger ledger,
                          RpcStatuses statuses, Executor executor, Counter refusedConnections) {
        this.config = config;
        this.limits = config.connections();
        this.refusedConnections = refusedConnections;
        Map<String, SignalIntake<?, ?>> routes = new HashMap<>();
        for (SignalIntake<?, ?> i : intakes) {
            routes.put(i.signal().httpPath(), i);
        }
        OtlpJson json = new OtlpJson();
        HttpAnswers answers = new HttpAnswers(statuses, json);
        int maxBody = (int) config.maxRequestBodySize();
        this.services = new HttpServices(routes, ledger, answers, new HttpExport(answers, json, maxBody),
                new CorsPolicy(config.cors()), executor, maxBody);
    }

    public void start() throws SSLException, InterruptedException, UnknownHostException {
        SslContext ssl = config.tls().isEmpty() ? null
                : SslContextBuilder.forServer(config.tls().get().certFile().toFile(), config.tls().get().keyFile().toFile()).build();
        loops = SharedEventLoops.acquire();
        ServerBootstrap bootstrap = loops.serverBootstrap()
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admitConnection(ch)) {
                            return;
                        }
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            SslHandler tls = ssl.newHandler(ch.alloc());
                            tls.setHandshakeTimeout(limits.readHeaderTimeout().toMillis(), TimeUnit.MILLISECONDS);
                            p.addLast(tls);
                        }
                        RequestClock clock = new RequestClock(limits);
                        p.addLast(clock);
                        p.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
                        p.addLast(new OtlpHttpHandler(services, clock));
                    }
                });
        try {
            listener = bootstrap.bind(config.endpoint().resolve()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Admits the connection unless max-connections are open (the group holds exactly the open
     * ones); one past it is closed at once: its client sees the connection end and may retry, as
     * on a listen backlog overflow. Connections accepted at the same moment on other event loops
     * may pass the cap by a few.
     */
    private boolean admitConnection(SocketChannel ch) {
        if (connections.size() >= limits.maxConnections()) {
            refusedConnections.increment();
            ch.close();
            return false;
        }
        return true;
    }

    /** The port bound (useful with port 0), or -1 before start. */
    public int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Closes the listening socket; open connections keep being served. */
    public void stopAccepting() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
    }

    /**
     * Closes every connection and releases the shared event loops. Answers still unwritten are
     * cut off: callers wait for the in-flight ledger first.
     */
    public void close(Duration grace) {
        stopAccepting();
        connections.close().awaitUninterruptibly(grace.toMillis() + 1000);
        if (loops != null) {
            loops.close();
        }
    }
}
