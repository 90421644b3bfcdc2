package dev.coral.agent.support.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The process's Netty event loops, shared by every server and client that uses Netty (OTLP/gRPC,
 * OTLP/HTTP, the Agent API, the OTLP exporter's channel): one thread accepts for all listening
 * sockets, a few threads (one per core, at least two) serve all connections. A connection costs a
 * channel, never a thread; work that may take long leaves the event loops (virtual threads,
 * executors), as it did with one group per server.
 *
 * <p>Reference counted: {@link #acquire()} starts the groups on first use, the last
 * {@link Lease#close()} stops them, so an agent (or a test) that stops every server leaves no
 * thread behind, and the next acquire starts fresh ones. Epoll on Linux when its native library
 * loads, NIO otherwise.
 *
 * <p>One instance per process is the point, so this is the one static holder of the library: the
 * runtime's class loader holds this class for every plugin (see the README).
 */
public final class SharedEventLoops {
    private static final Object LOCK = new Object();
    private static Groups groups;
    private static int users;

    private SharedEventLoops() {}

    /** A use of the shared groups; close it when the server or client that used them has stopped. */
    public static Lease acquire() {
        synchronized (LOCK) {
            if (groups == null) {
                groups = Groups.start();
            }
            users++;
            return new Lease(groups);
        }
    }

    private static void release(Groups released) {
        synchronized (LOCK) {
            if (groups != released) {
                return;
            }
            if (--users == 0) {
                groups = null;
                released.stop();
            }
        }
    }

    /** The groups and the channel classes that match their transport. */
    public static final class Lease implements AutoCloseable {
        private final Groups groups;
        private boolean closed;

        private Lease(Groups groups) {
            this.groups = groups;
        }

        /** Accepts connections for every listening socket. */
        public EventLoopGroup boss() {
            return groups.boss;
        }

        /** Serves every connection (and client channel). */
        public EventLoopGroup workers() {
            return groups.workers;
        }

        public Class<? extends ServerChannel> serverChannel() {
            return groups.epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        }

        /**
         * A server bootstrap on these groups with the options every listener here wants: a deep
         * accept backlog (bursts of OTLP senders connecting at once) and no Nagle delay on answers.
         */
        public ServerBootstrap serverBootstrap() {
            return new ServerBootstrap().group(boss(), workers()).channel(serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true);
        }

        public Class<? extends SocketChannel> clientChannel() {
            return groups.epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        }

        /** Whether the groups run on epoll (else NIO). */
        public boolean epoll() {
            return groups.epoll;
        }

        /** Releases this use; the last one stops the event loops. Closing twice releases once. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(groups);
        }
    }

    private record Groups(EventLoopGroup boss, EventLoopGroup workers, boolean epoll) {
        static Groups start() {
            boolean epoll = Epoll.isAvailable();
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            return new Groups(
                    new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("coral-net-accept", true), io(epoll)),
                    new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("coral-net", true), io(epoll)),
                    epoll);
        }

        private static IoHandlerFactory io(boolean epoll) {
            return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        }

        /** Connections still open are closed; a quiet period would only delay a stop nobody waits on. */
        void stop() {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
