package dev.coral.agent.server.transport;

import dev.coral.agent.api.config.Endpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Agent API's sockets: one Jetty connector per listen address, each speaking HTTP/1.1 and
 * cleartext HTTP/2 (h2c, by prior knowledge as gRPC clients do, or by upgrade). Jetty tells the
 * protocols apart on the first bytes of a connection, so gRPC, Connect and plain GETs share one
 * port without a hand-written sniffer.
 *
 * <p>Jetty's threads only parse and write: handlers hand real work (queries, snapshots) to
 * executors of their own, so a slow query never takes a connection thread.
 */
public final class ApiServer {
    /** Idle connections are closed after this; also bounds a client that stops sending mid-request. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final String SETTING = "agent.api.listen";

    private final Server server;
    private final List<Endpoint> addresses;

    public ApiServer(List<Endpoint> addresses, Handler handler) {
        this.addresses = List.copyOf(addresses);
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
        threads.setName("agent-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        for (Endpoint address : this.addresses) {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
            h2c.setMaxConcurrentStreams(128);
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http), h2c);
            connector.setHost(address.host());
            connector.setPort(address.port());
            connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            connector.setName(address.toString());
            server.addConnector(connector);
        }
        server.setHandler(new DrainingHandler(handler));
        // Requests Jetty refuses before any handler (an ambiguous %2F, a bad header) get a short
        // text answer like the API's own, not an HTML page.
        ErrorHandler errors = new TextErrors();
        errors.setShowStacks(false);
        server.setErrorHandler(errors);
        server.setStopTimeout(Duration.ofSeconds(2).toMillis());
    }

    /**
     * Binds every address and starts serving. On failure nothing stays bound, and the message
     * names the setting and the address ("agent.api.listen: cannot bind 127.0.0.1:9001: Address
     * already in use").
     */
    public void start() throws IOException {
        for (Endpoint address : addresses) {
            try {
                address.resolve();
            } catch (UnknownHostException e) {
                throw new IOException(SETTING + ": cannot bind " + address + ": unknown host " + address.host(), e);
            }
        }
        bindInOrder();
        try {
            server.start();
        } catch (Exception e) {
            stop();
            closeConnectors();
            throw new IOException(SETTING + ": cannot start: " + describe(e), e);
        }
    }

    /** One address at a time, so that a failure names the address that failed. */
    private void bindInOrder() throws IOException {
        for (Connector c : server.getConnectors()) {
            ServerConnector connector = (ServerConnector) c;
            try {
                connector.open();
            } catch (IOException | RuntimeException e) {
                closeConnectors();
                throw new IOException(SETTING + ": cannot bind " + connector.getName() + ": " + describe(e), e);
            }
        }
    }

    /** A connector opened before start is not closed by stopping a server that never started. */
    private void closeConnectors() {
        for (Connector c : server.getConnectors()) {
            ((ServerConnector) c).close();
        }
    }

    /** The addresses actually bound (port 0 resolved), in configuration order. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Connector c : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) c;
            if (sc.getLocalPort() > 0) {
                out.add(new InetSocketAddress(sc.getHost(), sc.getLocalPort()));
            }
        }
        return out;
    }

    /** Stops accepting, lets requests in progress finish for a short while, then closes. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Stopping a half-started server may fail on the parts that never started.
        }
    }

    /** Jetty's error answers as plain text whatever the client accepts: this API has no HTML. */
    private static final class TextErrors extends ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                throws IOException {
            return super.generateAcceptableResponse(request, response, callback, "text/plain", charsets, code, message,
                    cause);
        }
    }

    private static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                return b.getMessage() == null ? "address not available" : b.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }
}
