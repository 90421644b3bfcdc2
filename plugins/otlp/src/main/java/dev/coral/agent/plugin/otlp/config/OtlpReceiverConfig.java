package dev.coral.agent.plugin.otlp.config;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.support.otlp.GrpcServerSettings;
import dev.coral.agent.support.otlp.HttpServerSettings;
import java.time.Duration;

/**
 * The otlp receiver's settings (see the plugin's README for each key).
 *
 * @param grpc OTLP/gRPC server
 * @param http OTLP/HTTP server
 * @param retryAfter the retry hint sent with 429/503 and RESOURCE_EXHAUSTED/UNAVAILABLE when
 *     the refusal itself carries none
 * @param shutdownTimeout how long shutdown waits for requests in flight to be answered
 */
public record OtlpReceiverConfig(GrpcServerSettings grpc, HttpServerSettings http, Duration retryAfter,
                                 Duration shutdownTimeout) {

    public OtlpReceiverConfig {
        if (!grpc.enabled() && !http.enabled()) {
            throw new IllegalArgumentException("both grpc and http are disabled");
        }
    }

    /** Works out of the box: both protocols on all interfaces, default ports, no TLS, no CORS. */
    public static OtlpReceiverConfig defaults() {
        return new OtlpReceiverConfig(
                GrpcServerSettings.defaults(new Endpoint("0.0.0.0", 4317)),
                HttpServerSettings.defaults(new Endpoint("0.0.0.0", 4318)),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }
}
