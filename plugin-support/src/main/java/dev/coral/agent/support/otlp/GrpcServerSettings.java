package dev.coral.agent.support.otlp;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.net.TlsFiles;
import java.time.Duration;
import java.util.Optional;

/**
 * The OTLP/gRPC server's settings.
 *
 * @param enabled whether to serve OTLP/gRPC at all
 * @param endpoint where to listen
 * @param maxRecvMsgSize largest message accepted, after decompression
 * @param maxConcurrentStreams most calls in flight on one HTTP/2 connection
 * @param tls certificate and key; empty for plaintext
 * @param connections how long connections may take and idle, and how fast they may reset streams
 * @since 0.1.0
 */
public record GrpcServerSettings(boolean enabled, Endpoint endpoint, long maxRecvMsgSize, int maxConcurrentStreams,
                                 Optional<TlsFiles> tls, Connections connections) {

    /** The Collector's default: messages up to 4 MiB. */
    public static final long DEFAULT_MAX_RECV_MSG_SIZE = 4L * 1024 * 1024;

    /**
     * Bounds on what one gRPC connection may hold or cost.
     *
     * @param handshakeTimeout a new connection must finish its TLS and HTTP/2 handshake within this
     * @param maxConnectionIdle a connection without calls for this long is closed (GOAWAY; clients reconnect)
     * @param maxStreamResets streams a client may reset per {@code resetWindow} before the connection is
     *     closed with ENHANCE_YOUR_CALM (HTTP/2 rapid reset, CVE-2023-44487)
     * @param resetWindow the window {@code maxStreamResets} counts in
     * @since 0.1.0
     */
    public record Connections(Duration handshakeTimeout, Duration maxConnectionIdle, int maxStreamResets,
                              Duration resetWindow) {}

    /**
     * Reads a section such as {@code grpc { endpoint, max-recv-msg-size, max-concurrent-streams,
     * handshake-timeout, max-connection-idle, max-stream-resets, stream-reset-window, tls { cert-file,
     * key-file }, enabled }} over {@code def}. Every bad value is recorded in {@code s} (file, line,
     * key) and its default used, so that all of a file's mistakes are reported in one run.
     */
    public static GrpcServerSettings read(Settings s, GrpcServerSettings def) {
        boolean enabled = s.flag("enabled", def.enabled());
        Endpoint endpoint = Endpoint.read(s, "endpoint", def.endpoint());
        long maxMsg = SettingChecks.size(s, "max-recv-msg-size", def.maxRecvMsgSize());
        int streams = SettingChecks.atLeastOne(s, "max-concurrent-streams", def.maxConcurrentStreams());
        var d = def.connections();
        int resets = SettingChecks.atLeastOne(s, "max-stream-resets", d.maxStreamResets());
        var connections = new GrpcServerSettings.Connections(
                SettingChecks.positive(s, "handshake-timeout", d.handshakeTimeout()),
                SettingChecks.positive(s, "max-connection-idle", d.maxConnectionIdle()),
                resets,
                SettingChecks.positive(s, "stream-reset-window", d.resetWindow()));
        return new GrpcServerSettings(enabled, endpoint, maxMsg, streams, TlsFiles.read(s, def.tls()), connections);
    }

    /** Enabled on {@code endpoint}, plaintext, with the Collector's limits. */
    public static GrpcServerSettings defaults(Endpoint endpoint) {
        return new GrpcServerSettings(true, endpoint, DEFAULT_MAX_RECV_MSG_SIZE, 100, Optional.empty(),
                new Connections(Duration.ofSeconds(10), Duration.ofMinutes(5), 200, Duration.ofSeconds(10)));
    }
}
