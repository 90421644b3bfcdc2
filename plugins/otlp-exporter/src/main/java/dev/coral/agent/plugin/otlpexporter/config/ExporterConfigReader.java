package dev.coral.agent.plugin.otlpexporter.config;

import dev.coral.agent.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an exporter's block over its defaults, keys spelled as the Collector's otlp exporter
 * spells them; every mistake is recorded (file, line, key) and its default used, so one run
 * reports them all.
 */
public final class ExporterConfigReader {
    private ExporterConfigReader() {}

    /** The exporters' {@link dev.coral.agent.api.config.ConfigReader}. */
    public static ExporterConfig read(Settings s, ExporterConfig d) {
        Protocol protocol = d.protocol();
        String endpoint = s.string("endpoint", d.endpoint());
        Upstream upstream = Upstream.parse(endpoint, protocol).orElse(null);
        if (upstream == null) {
            s.reject("endpoint", protocol == Protocol.GRPC
                    ? "host:port such as \"collector:4317\" (or http://host:port, https://host:port)"
                    : "a URL such as \"http://collector:4318\" (the signal's path /v1/traces... is appended)");
            endpoint = d.endpoint();
            upstream = d.upstream();
        }
        String compressionWord = s.string("compression", d.compression().word(),
                v -> Compression.parse(v).isPresent(), "gzip or none");
        Compression compression = Compression.parse(compressionWord).orElse(d.compression());
        String encodingWord = s.string("encoding", d.encoding().word(), v -> Encoding.parse(v).isPresent()
                && (protocol == Protocol.HTTP || v.equalsIgnoreCase("proto")),
                protocol == Protocol.HTTP ? "proto or json" : "proto (gRPC carries protobuf; JSON is for otlphttp)");
        Encoding encoding = Encoding.parse(encodingWord).orElse(d.encoding());
        Map<String, String> headers = s.has("headers") ? s.stringMap("headers") : d.headers();
        ClientTls tls = readTls(s.section("tls"), d.tls());
        Duration timeout = s.duration("timeout", d.timeout(), ExporterConfigReader::positive,
                "a positive duration such as 5s");
        RetrySettings retry = readRetry(s.section("retry_on_failure"), d.retry());
        QueueSettings queue = readQueue(s.section("sending_queue"), d.queue());
        BatchSettings batch = readBatch(s.section("batch"), d.batch());
        return new ExporterConfig(protocol, endpoint, upstream, compression, encoding, headers, tls, timeout, retry, queue,
                batch);
    }

    private static ClientTls readTls(Settings t, ClientTls d) {
        boolean insecure = t.flag("insecure", d.insecure());
        Optional<Path> ca = readableFile(t, "ca_file", d.caFile());
        Optional<Path> cert = readableFile(t, "cert_file", d.certFile());
        Optional<Path> key = readableFile(t, "key_file", d.keyFile());
        if (cert.isPresent() != key.isPresent()) {
            t.reject(cert.isPresent() ? "key_file" : "cert_file",
                    "both cert_file and key_file (a client certificate and its PKCS#8 PEM key) or neither");
            return new ClientTls(insecure, ca, Optional.empty(), Optional.empty());
        }
        return new ClientTls(insecure, ca, cert, key);
    }

    private static Optional<Path> readableFile(Settings t, String key, Optional<Path> d) {
        String value = t.string(key, d.map(Path::toString).orElse(""));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(value);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            t.reject(key, "a readable PEM file (" + p.toAbsolutePath() + " is not)");
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private static RetrySettings readRetry(Settings r, RetrySettings d) {
        boolean enabled = r.flag("enabled", d.enabled());
        Duration initial = r.duration("initial_interval", d.initialInterval(), ExporterConfigReader::positive,
                "a positive duration such as 5s");
        double randomization = r.number("randomization_factor", d.randomizationFactor(), v -> v >= 0 && v <= 1,
                "a number from 0 to 1");
        double multiplier = r.number("multiplier", d.multiplier(), v -> v >= 1, "a number of at least 1");
        Duration max = r.duration("max_interval", d.maxInterval(), ExporterConfigReader::positive,
                "a positive duration such as 30s");
        Duration maxElapsed = r.duration("max_elapsed_time", d.maxElapsedTime(), v -> !v.isNegative(),
                "a duration such as 300s (0: retry without a time limit)");
        if (max.compareTo(initial) < 0) {
            r.reject("max_interval", "at least initial_interval (" + initial + ")");
            max = initial;
        }
        return new RetrySettings(enabled, initial, randomization, multiplier, max, maxElapsed);
    }

    private static QueueSettings readQueue(Settings q, QueueSettings d) {
        boolean enabled = q.flag("enabled", d.enabled());
        int consumers = q.integer("num_consumers", d.numConsumers(), v -> v >= 1 && v <= 256, "1 to 256");
        String dir = q.string("storage_dir", d.storageDir().map(Path::toString).orElse(""));
        long maxBytes = q.bytes("max_bytes", d.maxBytes(), v -> v >= (1L << 20), "a size of at least 1MiB");
        String policy = q.string("full_policy", d.fullPolicy().word(), v -> FullPolicy.parse(v).isPresent(),
                "block or drop_oldest");
        return new QueueSettings(enabled, consumers, dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)),
                maxBytes, FullPolicy.parse(policy).orElse(d.fullPolicy()));
    }

    private static BatchSettings readBatch(Settings b, BatchSettings d) {
        int size = b.integer("send_batch_size", d.sendBatchSize(), v -> v >= 1, "a positive number of items");
        Duration timeout = b.duration("timeout", d.timeout(), v -> !v.isNegative(),
                "a duration such as 200ms (0: send what is queued at once)");
        long maxBytes = b.bytes("max_request_bytes", d.maxRequestBytes(), v -> v >= 1024,
                "a size of at least 1KiB, such as 3MiB");
        return new BatchSettings(size, timeout, maxBytes);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
