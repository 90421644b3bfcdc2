package dev.coral.agent.plugin.beyla.config;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.otlp.GrpcServerSettings;
import dev.coral.agent.support.otlp.HttpServerSettings;
import java.time.Duration;

/**
 * Where Beyla's OTLP is received: plugin-support's OTLP/gRPC and OTLP/HTTP servers, on loopback
 * only (Beyla runs on this host; nothing else may write into the beyla tables).
 *
 * @param grpc OTLP/gRPC server, the endpoint the supervised Beyla exports to; always enabled
 * @param http OTLP/HTTP server, for a Beyla configured with the HTTP exporter
 * @param retryAfter the retry hint sent with refusals that carry none
 * @param maxSeries cumulative series whose last point is kept to compute deltas (least recently
 *     seen ones are forgotten beyond it)
 */
public record ReceivingConfig(GrpcServerSettings grpc, HttpServerSettings http, Duration retryAfter, int maxSeries) {
    /** Beside the applications' OTLP ports, on loopback. */
    public static final Endpoint DEFAULT_GRPC = new Endpoint("127.0.0.1", 4319);
    public static final Endpoint DEFAULT_HTTP = new Endpoint("127.0.0.1", 4320);

    public static ReceivingConfig defaults() {
        return new ReceivingConfig(GrpcServerSettings.defaults(DEFAULT_GRPC), HttpServerSettings.defaults(DEFAULT_HTTP),
                Duration.ofSeconds(1), 10_000);
    }

    /** Reads {@code grpc}, {@code http}, {@code retry-after} and {@code max-series} over {@code d}. */
    public static ReceivingConfig read(Settings s, ReceivingConfig d) {
        Settings grpcSection = s.section("grpc");
        Settings httpSection = s.section("http");
        GrpcServerSettings grpc = GrpcServerSettings.read(grpcSection, d.grpc());
        HttpServerSettings http = HttpServerSettings.read(httpSection, d.http());
        Duration retryAfter = s.duration("retry-after", d.retryAfter(), v -> !v.isNegative() && !v.isZero(),
                "a positive duration such as 1s");
        int maxSeries = s.integer("max-series", d.maxSeries(), v -> v >= 1, "an integer of at least 1");
        if (!grpc.enabled()) {
            // The supervised Beyla is pointed at the gRPC endpoint.
            grpcSection.reject("enabled", "true: the Beyla the agent runs exports to the gRPC endpoint");
            grpc = d.grpc();
        }
        if (!loopback(grpcSection, "grpc", grpc.endpoint())) {
            grpc = d.grpc();
        }
        if (http.enabled() && !loopback(httpSection, "http", http.endpoint())) {
            http = d.http();
        }
        if (http.enabled() && grpc.endpoint().collidesWith(http.endpoint())) {
            httpSection.reject("endpoint", "another port than grpc.endpoint's (" + grpc.endpoint()
                    + "): both cannot listen on one port");
        }
        return new ReceivingConfig(grpc, http, retryAfter, maxSeries);
    }

    private static boolean loopback(Settings section, String name, Endpoint endpoint) {
        if (endpoint.isLoopback()) {
            return true;
        }
        section.reject("endpoint", "a loopback address such as 127.0.0.1:" + endpoint.port() + " or [::1]:"
                + endpoint.port() + " (the beyla receiver takes data only from this host; " + name
                + " OTLP from other hosts goes to the otlp receiver)");
        return false;
    }
}
