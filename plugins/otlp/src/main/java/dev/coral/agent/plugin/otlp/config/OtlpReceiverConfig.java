package dev.coral.agent.plugin.otlp.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The otlp receiver's settings (see the plugin's README for each key).
 *
 * @param grpc OTLP/gRPC server
 * @param http OTLP/HTTP server
 * @param retryAfter the retry hint sent with 429/503 and RESOURCE_EXHAUSTED/UNAVAILABLE when
 *     the refusal itself carries none
 * @param shutdownTimeout how long shutdown waits for requests in flight to be answered
 */
public record OtlpReceiverConfig(Grpc grpc, Http http, Duration retryAfter, Duration shutdownTimeout) {

    /** The Collector's defaults: gRPC messages up to 4 MiB, HTTP bodies up to 20 MiB. */
    public static final long DEFAULT_GRPC_MAX_RECV_MSG_SIZE = 4L * 1024 * 1024;
    public static final long DEFAULT_HTTP_MAX_REQUEST_BODY_SIZE = 20L * 1024 * 1024;

    public OtlpReceiverConfig {
        if (!grpc.enabled() && !http.enabled()) {
            throw new IllegalArgumentException("both grpc and http are disabled");
        }
    }

    /**
     * @param enabled whether to serve OTLP/gRPC at all
     * @param endpoint where to listen
     * @param maxRecvMsgSize largest message accepted, after decompression
     * @param maxConcurrentStreams most calls in flight on one HTTP/2 connection
     * @param tls certificate and key; empty for plaintext
     * @param connections how long connections may take and idle, and how fast they may reset streams
     */
    public record Grpc(boolean enabled, Endpoint endpoint, long maxRecvMsgSize, int maxConcurrentStreams,
                       Optional<TlsFiles> tls, GrpcConnections connections) {}

    /**
     * Bounds on what one gRPC connection may hold or cost.
     *
     * @param handshakeTimeout a new connection must finish its TLS and HTTP/2 handshake within this
     * @param maxConnectionIdle a connection without calls for this long is closed (GOAWAY; clients reconnect)
     * @param maxStreamResets streams a client may reset per {@code resetWindow} before the connection is
     *     closed with ENHANCE_YOUR_CALM (HTTP/2 rapid reset, CVE-2023-44487)
     * @param resetWindow the window {@code maxStreamResets} counts in
     */
    public record GrpcConnections(Duration handshakeTimeout, Duration maxConnectionIdle, int maxStreamResets,
                                  Duration resetWindow) {}

    /**
     * Bounds on what one HTTP connection may hold or cost, against clients that connect and then
     * send slowly or not at all.
     *
     * @param readHeaderTimeout a request's head must arrive within this of its first byte (408 and close)
     * @param readTimeout a whole request, head and body, must arrive within this of its first byte
     * @param idleTimeout a connection with no request under way for this long is closed
     * @param maxConnections connections open at once; more are closed as soon as accepted
     */
    public record HttpConnections(Duration readHeaderTimeout, Duration readTimeout, Duration idleTimeout,
                                  int maxConnections) {}

    /**
     * @param enabled whether to serve OTLP/HTTP at all
     * @param endpoint where to listen
     * @param maxRequestBodySize largest body accepted, after decompression (413 beyond)
     * @param cors browser access; no allowed origins means no CORS headers at all
     * @param tls certificate and key; empty for plaintext
     * @param connections timeouts and the connection cap
     */
    public record Http(boolean enabled, Endpoint endpoint, long maxRequestBodySize, Cors cors,
                       Optional<TlsFiles> tls, HttpConnections connections) {}

    /**
     * @param allowedOrigins origins browsers may send from: exact ({@code https://app.example.com}),
     *     with one {@code *} wildcard ({@code https://*.example.com}), or {@code *} for any
     * @param allowedHeaders request headers allowed besides the ones OTLP needs
     * @param maxAge how long a browser may cache a preflight answer; zero to not say
     */
    public record Cors(List<String> allowedOrigins, List<String> allowedHeaders, Duration maxAge) {
        public Cors {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHeaders = List.copyOf(allowedHeaders);
        }

        public boolean enabled() {
            return !allowedOrigins.isEmpty();
        }
    }

    /** Works out of the box: both protocols on all interfaces, default ports, no TLS, no CORS. */
    public static OtlpReceiverConfig defaults() {
        return new OtlpReceiverConfig(
                new Grpc(true, new Endpoint("0.0.0.0", 4317), DEFAULT_GRPC_MAX_RECV_MSG_SIZE, 100, Optional.empty(),
                        new GrpcConnections(Duration.ofSeconds(10), Duration.ofMinutes(5), 200, Duration.ofSeconds(10))),
                new Http(true, new Endpoint("0.0.0.0", 4318), DEFAULT_HTTP_MAX_REQUEST_BODY_SIZE,
                        new Cors(List.of(), List.of(), Duration.ofHours(2)), Optional.empty(),
                        new HttpConnections(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 1024)),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }
}
