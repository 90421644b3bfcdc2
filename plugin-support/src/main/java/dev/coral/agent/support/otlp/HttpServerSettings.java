package dev.coral.agent.support.otlp;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.net.TlsFiles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The OTLP/HTTP server's settings.
 *
 * @param enabled whether to serve OTLP/HTTP at all
 * @param endpoint where to listen
 * @param maxRequestBodySize largest body accepted, after decompression (413 beyond)
 * @param cors browser access; no allowed origins means no CORS headers at all
 * @param tls certificate and key; empty for plaintext
 * @param connections timeouts and the connection cap
 * @since 0.1.0
 */
public record HttpServerSettings(boolean enabled, Endpoint endpoint, long maxRequestBodySize, Cors cors,
                                 Optional<TlsFiles> tls, Connections connections) {

    /** The Collector's default: bodies up to 20 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L * 1024 * 1024;

    /**
     * Bounds on what one HTTP connection may hold or cost, against clients that connect and then
     * send slowly or not at all.
     *
     * @param readHeaderTimeout a request's head must arrive within this of its first byte (408 and close)
     * @param readTimeout a whole request, head and body, must arrive within this of its first byte
     * @param idleTimeout a connection with no request under way for this long is closed
     * @param maxConnections connections open at once; more are closed as soon as accepted
     * @since 0.1.0
     */
    public record Connections(Duration readHeaderTimeout, Duration readTimeout, Duration idleTimeout,
                              int maxConnections) {}

    /**
     * @param allowedOrigins origins browsers may send from: exact ({@code https://app.example.com}),
     *     with one {@code *} wildcard ({@code https://*.example.com}), or {@code *} for any
     * @param allowedHeaders request headers allowed besides the ones OTLP needs
     * @param maxAge how long a browser may cache a preflight answer; zero to not say
     * @since 0.1.0
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

    /**
     * Reads a section such as {@code http { endpoint, max-request-body-size, cors { allowed-origins,
     * allowed-headers, max-age }, read-header-timeout, read-timeout, idle-timeout, max-connections,
     * tls { cert-file, key-file }, enabled }} over {@code def}. Every bad value is recorded in
     * {@code s} (file, line, key) and its default used, so that all of a file's mistakes are
     * reported in one run.
     */
    public static HttpServerSettings read(Settings s, HttpServerSettings def) {
        boolean enabled = s.flag("enabled", def.enabled());
        Endpoint endpoint = Endpoint.read(s, "endpoint", def.endpoint());
        long maxBody = SettingChecks.size(s, "max-request-body-size", def.maxRequestBodySize());
        Settings c = s.section("cors");
        var origins = c.strings("allowed-origins", def.cors().allowedOrigins());
        if (origins.stream().anyMatch(o -> o.isBlank() || o.indexOf('*') != o.lastIndexOf('*'))) {
            c.reject("allowed-origins", "origins such as \"https://app.example.com\", "
                    + "\"https://*.example.com\" (one * at most) or \"*\"");
            origins = def.cors().allowedOrigins();
        }
        var headers = c.strings("allowed-headers", def.cors().allowedHeaders());
        Duration maxAge = c.duration("max-age", def.cors().maxAge(), a -> !a.isNegative(), "a duration of zero or more");
        var cors = new HttpServerSettings.Cors(origins, headers, maxAge);
        var d = def.connections();
        Duration headerTimeout = SettingChecks.positive(s, "read-header-timeout", d.readHeaderTimeout());
        Duration readTimeout = SettingChecks.positive(s, "read-timeout", d.readTimeout());
        if (readTimeout.compareTo(headerTimeout) < 0) {
            s.reject("read-timeout", "at least read-header-timeout (" + headerTimeout.toSeconds() + "s)");
            readTimeout = headerTimeout;
        }
        int maxConnections = SettingChecks.atLeastOne(s, "max-connections", d.maxConnections());
        var connections = new HttpServerSettings.Connections(headerTimeout, readTimeout,
                SettingChecks.positive(s, "idle-timeout", d.idleTimeout()), maxConnections);
        return new HttpServerSettings(enabled, endpoint, maxBody, cors, TlsFiles.read(s, def.tls()), connections);
    }

    /** Enabled on {@code endpoint}, plaintext, no CORS, with the Collector's limits. */
    public static HttpServerSettings defaults(Endpoint endpoint) {
        return new HttpServerSettings(true, endpoint, DEFAULT_MAX_REQUEST_BODY_SIZE,
                new Cors(List.of(), List.of(), Duration.ofHours(2)), Optional.empty(),
                new Connections(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 1024));
    }
}
