package dev.coral.agent.server.transport;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.support.net.SharedEventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Agent API's sockets: one listening socket per listen address, on the process's shared
 * Netty event loops, each speaking HTTP/1.1 and cleartext HTTP/2 (by prior knowledge, as gRPC
 * clients do, or by upgrade), so gRPC, Connect and plain GETs share one port
 * ({@link ApiPipeline}).
 *
 * <p>Event loops only parse and write: the {@link Dispatch} hands real work (queries, snapshots)
 * to executors of its own, so a slow query never holds up a connection.
 */
public final class ApiServer {
    /** Idle connections are closed after this; also bounds a client that stops sending mid-request. */
    static final Duration IDLE_TIMEOUT = ApiPipeline.IDLE_TIMEOUT;
    /** On stop, requests in progress get this long to be answered. */
    static final Duration DRAIN = Duration.ofSeconds(2);
    private static final String SETTING = "agent.api.listen";

    private final List<Endpoint> addresses;
    private final Dispatch dispatch;
    private final ChannelGroup connections = new DefaultChannelGroup("agent-api", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private SharedEventLoops.Lease loops;

    public ApiServer(List<Endpoint> addresses, Dispatch dispatch) {
        this.addresses = List.copyOf(addresses);
        this.dispatch = dispatch;
    }

    /**
     * Binds every address and starts serving. On failure nothing stays bound, and the message
     * names the setting and the address ("agent.api.listen: cannot bind 127.0.0.1:9001: Address
     * already in use").
     */
    public synchronized void start() throws IOException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (Endpoint address : addresses) {
            try {
                resolved.add(address.resolve());
            } catch (UnknownHostException e) {
                throw new IOException(SETTING + ": cannot bind " + address + ": unknown host " + address.host(), e);
            }
        }
        loops = SharedEventLoops.acquire();
        ServerBootstrap bootstrap = loops.serverBootstrap()
                // A client that half-closes after its request still gets the answer (ExchangeHandler).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ApiPipeline(dispatch, connections));
        // One address at a time, so that a failure names the address that failed.
        for (int i = 0; i < addresses.size(); i++) {
            var bound = bootstrap.bind(resolved.get(i)).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                stop();
                throw new IOException(SETTING + ": cannot bind " + addresses.get(i) + ": " + describe(bound.cause()),
                        bound.cause());
            }
            listeners.add(bound.channel());
        }
    }

    /** The addresses actually bound (port 0 resolved), in configuration order. */
    public synchronized List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            InetSocketAddress local = (InetSocketAddress) listeners.get(i).localAddress();
            if (local != null) {
                out.add(new InetSocketAddress(addresses.get(i).host(), local.getPort()));
            }
        }
        return out;
    }

    /** Stops accepting, lets requests in progress finish for a short while, then closes every connection. */
    public synchronized void stop() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        listeners.clear();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < deadline && connections.stream()
                .anyMatch(c -> ExchangeHandler.inFlight(c).get() > 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.close().awaitUninterruptibly(DRAIN.toMillis());
        if (loops != null) {
            loops.close();
            loops = null;
        }
    }

    private static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                return b.getMessage() == null ? "address not available" : b.getMessage();
            }
            // The epoll transport reports "bind(..) failed: Address already in use" as a plain IOException.
            String message = c.getMessage();
            if (message != null && message.contains(": ") && message.startsWith("bind(")) {
                return message.substring(message.indexOf(": ") + 2);
            }
        }
        return String.valueOf(e.getMessage());
    }
}
