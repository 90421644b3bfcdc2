package dev.coral.agent.plugin.otlpexporter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the exporter sends, parsed from {@code endpoint}: {@code host:port} or
 * {@code http(s)://host:port[/path]}. For gRPC a scheme only says whether TLS is used; for HTTP
 * the signal's path ({@code /v1/traces}) is appended to the URL's path.
 *
 * @param secure TLS, as far as the endpoint says (gRPC without a scheme: decided by {@code tls.insecure})
 * @param schemeGiven whether the endpoint named {@code http} or {@code https}
 */
public record Upstream(String host, int port, boolean secure, boolean schemeGiven, String basePath) {

    /** The endpoint, or empty when it is not one (the reader then reports it). */
    public static Optional<Upstream> parse(String endpoint, Protocol protocol) {
        String e = endpoint.trim();
        boolean hasScheme = e.contains("://");
        if (protocol == Protocol.HTTP && !hasScheme) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(hasScheme ? e : "dns://" + e);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (hasScheme && !scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                return Optional.empty();
            }
            boolean secure = scheme.equals("https");
            int port = uri.getPort() >= 0 ? uri.getPort() : hasScheme ? (secure ? 443 : 80) : -1;
            if (port <= 0 || port > 65535) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (protocol == Protocol.GRPC && !path.isEmpty() && !path.equals("/")) {
                return Optional.empty();
            }
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Optional.of(new Upstream(host, port, secure, hasScheme, path));
        } catch (URISyntaxException bad) {
            return Optional.empty();
        }
    }

    /** The URL of a signal's path for OTLP/HTTP, e.g. {@code http://host:4318/v1/traces}. */
    public URI httpUri(String signalPath) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((secure ? "https" : "http") + "://" + h + ":" + port + basePath + signalPath);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
