package dev.coral.agent.plugin.otlpexporter.send;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coral.agent.plugin.otlpexporter.config.Compression;
import dev.coral.agent.plugin.otlpexporter.config.Encoding;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.support.otlp.OtlpJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP with protobuf (or OTLP/JSON) bodies: {@code POST <endpoint>/v1/<signal>} through the JDK's HTTP
 * client (HTTP/1.1, keep-alive), gzip {@code Content-Encoding}, the configured headers.
 */
public final class HttpSender implements Sender {
    /** The OTLP specification's retryable HTTP statuses. */
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration timeout;
    private final Compression compression;
    private final Encoding encoding;
    private final OtlpJson json = new OtlpJson();
    private final Map<String, String> headers;
    private final Map<ExportedSignal, URI> uris = new EnumMap<>(ExportedSignal.class);

    public HttpSender(ExporterConfig config) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout());
        if (config.usesTls()) {
            try {
                b.sslContext(PemTls.context(config.tls()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot use the TLS files: " + e.getMessage(), e);
            }
        }
        this.client = b.build();
        this.timeout = config.timeout();
        this.compression = config.compression();
        this.encoding = config.encoding();
        Map<String, String> h = new java.util.LinkedHashMap<>();
        config.headers().forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                h.put(k, v);
            }
        });
        this.headers = Map.copyOf(h);
        for (ExportedSignal s : ExportedSignal.values()) {
            uris.put(s, config.upstream().httpUri(s.httpPath()));
        }
    }

    @Override
    public SendOutcome send(ExportedSignal signal, byte[] request) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uris.get(signal)).timeout(timeout)
                .header("Content-Type", encoding == Encoding.JSON ? "application/json" : "application/x-protobuf");
        headers.forEach(r::header);
        byte[] body = request;
        if (encoding == Encoding.JSON) {
            try {
                body = json.printRequest(signal.parseRequest(request)).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                return new SendOutcome.Permanent("queued request unreadable: " + e.getMessage());
            }
        }
        if (compression == Compression.GZIP) {
            body = gzip(body);
            r.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(r.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new SendOutcome.Retryable("HTTP " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Retryable("interrupted", Optional.empty());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted(partialSuccess(signal, response));
        }
        String reason = "HTTP " + status;
        if (RETRYABLE.contains(status)) {
            return new SendOutcome.Retryable(reason, response.headers().firstValue("Retry-After")
                    .flatMap(HttpSender::retryAfter));
        }
        return new SendOutcome.Permanent(reason);
    }

    /** The answer's {@code partial_success}, in protobuf or JSON as its Content-Type says; empty when unreadable. */
    private Optional<ExportedSignal.Rejected> partialSuccess(ExportedSignal signal, HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            if (type.startsWith("application/x-protobuf")) {
                return signal.rejected(response.body());
            }
            if (type.startsWith("application/json") && response.body().length > 0) {
                var builder = signal.newResponseBuilder();
                json.merge(response.body(), builder);
                return signal.rejected(builder.build());
            }
        } catch (InvalidProtocolBufferException | OtlpJson.UndecodableJsonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date. */
    static Optional<Duration> retryAfter(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
