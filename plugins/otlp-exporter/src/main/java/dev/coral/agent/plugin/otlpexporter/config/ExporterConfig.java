package dev.coral.agent.plugin.otlpexporter.config;

import java.time.Duration;
import java.util.Map;

/**
 * An OTLP exporter's settings (see the plugin's README for each key).
 *
 * @param endpoint the endpoint as written, for logs
 * @param encoding the HTTP body encoding (gRPC is always protobuf)
 * @param headers sent with every request (e.g. an API key)
 * @param timeout for one request, its answer included
 */
public record ExporterConfig(Protocol protocol, String endpoint, Upstream upstream, Compression compression,
                             Encoding encoding, Map<String, String> headers, ClientTls tls, Duration timeout, RetrySettings retry,
                             QueueSettings queue, BatchSettings batch) {

    public ExporterConfig {
        headers = Map.copyOf(headers);
    }

    /** Whether requests go over TLS: an {@code https} endpoint, or gRPC without a scheme unless {@code tls.insecure}. */
    public boolean usesTls() {
        return upstream.schemeGiven() ? upstream.secure() : !tls.insecure();
    }

    public static ExporterConfig defaults(Protocol protocol) {
        String endpoint = protocol.defaultEndpoint();
        return new ExporterConfig(protocol, endpoint, Upstream.parse(endpoint, protocol).orElseThrow(),
                Compression.GZIP, Encoding.PROTO, Map.of(), ClientTls.verifying(), Duration.ofSeconds(5), RetrySettings.defaults(),
                QueueSettings.defaults(), BatchSettings.defaults());
    }
}
