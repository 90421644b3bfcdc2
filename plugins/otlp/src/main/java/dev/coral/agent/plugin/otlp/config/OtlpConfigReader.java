package dev.coral.agent.plugin.otlp.config;

import dev.coral.agent.api.config.Settings;
import dev.coral.agent.support.otlp.GrpcServerSettings;
import dev.coral.agent.support.otlp.HttpServerSettings;
import java.time.Duration;

/**
 * Reads the receiver's block of {@code pipelines.conf} over the defaults and checks every value;
 * each mistake is recorded with file, line and key (and its default used), so all are reported
 * in one run before anything starts. The {@code grpc} and
 * {@code http} sections are plugin-support's server settings.
 */
public final class OtlpConfigReader {
    private final OtlpReceiverConfig defaults;

    private OtlpConfigReader(OtlpReceiverConfig defaults) {
        this.defaults = defaults;
    }

    /** The receiver's {@link dev.coral.agent.api.config.ConfigReader}. */
    public static OtlpReceiverConfig read(Settings settings, OtlpReceiverConfig defaults) {
        return new OtlpConfigReader(defaults).read(settings);
    }

    private OtlpReceiverConfig read(Settings settings) {
        GrpcServerSettings grpc = GrpcServerSettings.read(settings.section("grpc"), defaults.grpc());
        HttpServerSettings http = HttpServerSettings.read(settings.section("http"), defaults.http());
        Duration retryAfter = positive(settings, "retry-after", defaults.retryAfter());
        Duration shutdownTimeout = positive(settings, "shutdown-timeout", defaults.shutdownTimeout());
        if (!grpc.enabled() && !http.enabled()) {
            settings.section("http").reject("enabled", "true while grpc.enabled is false (nothing would listen)");
            return defaults;
        }
        if (grpc.enabled() && http.enabled() && grpc.endpoint().collidesWith(http.endpoint())) {
            settings.section("http").reject("endpoint", "another port than grpc.endpoint's ("
                    + grpc.endpoint() + "): both cannot listen on one port");
        }
        return new OtlpReceiverConfig(grpc, http, retryAfter, shutdownTimeout);
    }

    private static Duration positive(Settings s, String key, Duration def) {
        return s.duration(key, def, d -> !d.isNegative() && !d.isZero(), "a positive duration such as 1s");
    }
}
