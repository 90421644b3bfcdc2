package dev.coral.agent.plugin.otlp.config;

import dev.coral.agent.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the receiver's block of {@code pipelines.conf} over the defaults and checks every value,
 * so a mistake is reported with file, line and key before anything starts.
 */
public final class OtlpConfigReader {
    /** gRPC and the HTTP body buffer index messages with an int. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final OtlpReceiverConfig defaults;

    private OtlpConfigReader(OtlpReceiverConfig defaults) {
        this.defaults = defaults;
    }

    /** The receiver's {@link dev.coral.agent.api.config.ConfigReader}. */
    public static OtlpReceiverConfig read(Settings settings, OtlpReceiverConfig defaults) {
        return new OtlpConfigReader(defaults).read(settings);
    }

    private OtlpReceiverConfig read(Settings settings) {
        OtlpReceiverConfig.Grpc grpc = readGrpc(settings.section("grpc"), defaults.grpc());
        OtlpReceiverConfig.Http http = readHttp(settings.section("http"), defaults.http());
        Duration retryAfter = positive(settings, "retry-after", defaults.retryAfter());
        Duration shutdownTimeout = positive(settings, "shutdown-timeout", defaults.shutdownTimeout());
        if (!grpc.enabled() && !http.enabled()) {
            throw settings.section("http").invalid("enabled", "true while grpc.enabled is false (nothing would listen)");
        }
        if (grpc.enabled() && http.enabled() && grpc.endpoint().port() != 0
                && grpc.endpoint().port() == http.endpoint().port() && overlap(grpc.endpoint(), http.endpoint())) {
            throw settings.section("http").invalid("endpoint", "another port than grpc.endpoint's ("
                    + grpc.endpoint() + "): both cannot listen on one port");
        }
        return new OtlpReceiverConfig(grpc, http, retryAfter, shutdownTimeout);
    }

    private OtlpReceiverConfig.Grpc readGrpc(Settings s, OtlpReceiverConfig.Grpc def) {
        boolean enabled = s.flag("enabled", def.enabled());
        Endpoint endpoint = endpoint(s, def.endpoint());
        long maxMsg = size(s, "max-recv-msg-size", def.maxRecvMsgSize());
        int streams = s.integer("max-concurrent-streams", def.maxConcurrentStreams());
        if (streams < 1) {
            throw s.invalid("max-concurrent-streams", "an integer of at least 1");
        }
        var d = def.connections();
        int resets = s.integer("max-stream-resets", d.maxStreamResets());
        if (resets < 1) {
            throw s.invalid("max-stream-resets", "an integer of at least 1");
        }
        var connections = new OtlpReceiverConfig.GrpcConnections(
                positive(s, "handshake-timeout", d.handshakeTimeout()),
                positive(s, "max-connection-idle", d.maxConnectionIdle()),
                resets,
                positive(s, "stream-reset-window", d.resetWindow()));
        return new OtlpReceiverConfig.Grpc(enabled, endpoint, maxMsg, streams, tls(s, def.tls()), connections);
    }

    private OtlpReceiverConfig.Http readHttp(Settings s, OtlpReceiverConfig.Http def) {
        boolean enabled = s.flag("enabled", def.enabled());
        Endpoint endpoint = endpoint(s, def.endpoint());
        long maxBody = size(s, "max-request-body-size", def.maxRequestBodySize());
        Settings c = s.section("cors");
        var origins = c.strings("allowed-origins", def.cors().allowedOrigins());
        for (String o : origins) {
            if (o.isBlank() || o.indexOf('*') != o.lastIndexOf('*')) {
                throw c.invalid("allowed-origins", "origins such as \"https://app.example.com\", "
                        + "\"https://*.example.com\" (one * at most) or \"*\"");
            }
        }
        var headers = c.strings("allowed-headers", def.cors().allowedHeaders());
        Duration maxAge = c.duration("max-age", def.cors().maxAge());
        if (maxAge.isNegative()) {
            throw c.invalid("max-age", "a duration of zero or more");
        }
        var cors = new OtlpReceiverConfig.Cors(origins, headers, maxAge);
        var d = def.connections();
        Duration headerTimeout = positive(s, "read-header-timeout", d.readHeaderTimeout());
        Duration readTimeout = positive(s, "read-timeout", d.readTimeout());
        if (readTimeout.compareTo(headerTimeout) < 0) {
            throw s.invalid("read-timeout", "at least read-header-timeout (" + headerTimeout.toSeconds() + "s)");
        }
        int maxConnections = s.integer("max-connections", d.maxConnections());
        if (maxConnections < 1) {
            throw s.invalid("max-connections", "an integer of at least 1");
        }
        var connections = new OtlpReceiverConfig.HttpConnections(headerTimeout, readTimeout,
                positive(s, "idle-timeout", d.idleTimeout()), maxConnections);
        return new OtlpReceiverConfig.Http(enabled, endpoint, maxBody, cors, tls(s, def.tls()), connections);
    }

    private static Endpoint endpoint(Settings s, Endpoint def) {
        String text = s.string("endpoint", def.toString());
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw s.invalid("endpoint", "host:port such as \"0.0.0.0:4317\" or \"[::1]:4317\" (" + e.getMessage() + ")");
        }
    }

    /** Whether two listeners on the same port would collide: the same host, or a wildcard on either. */
    private static boolean overlap(Endpoint a, Endpoint b) {
        return a.host().equals(b.host()) || wildcard(a.host()) || wildcard(b.host());
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
    }

    private static long size(Settings s, String key, long def) {
        long v = s.bytes(key, def);
        if (v < 1 || v > MAX_SIZE) {
            throw s.invalid(key, "a size between 1 byte and 2GiB, such as 4MiB");
        }
        return v;
    }

    private static Duration positive(Settings s, String key, Duration def) {
        Duration d = s.duration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw s.invalid(key, "a positive duration such as 1s");
        }
        return d;
    }

    private static Optional<TlsFiles> tls(Settings s, Optional<TlsFiles> def) {
        Settings t = s.section("tls");
        String cert = t.string("cert-file", def.map(f -> f.certFile().toString()).orElse(""));
        String key = t.string("key-file", def.map(f -> f.keyFile().toString()).orElse(""));
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty()) {
            throw t.invalid("cert-file", "a PEM certificate file, since key-file is set");
        }
        if (key.isEmpty()) {
            throw t.invalid("key-file", "a PEM private key file, since cert-file is set");
        }
        return Optional.of(new TlsFiles(readable(t, "cert-file", cert), readable(t, "key-file", key)));
    }

    private static Path readable(Settings t, String key, String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw t.invalid(key, "a readable file (" + p.toAbsolutePath() + " is not)");
        }
        return p;
    }
}
