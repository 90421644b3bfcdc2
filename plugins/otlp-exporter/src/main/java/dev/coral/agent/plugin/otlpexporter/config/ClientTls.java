package dev.coral.agent.plugin.otlpexporter.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code tls}: how the exporter connects. {@code insecure} is plaintext; otherwise TLS, verifying
 * the upstream against {@code caFile} (else the JVM's trusted roots), and presenting
 * {@code certFile}/{@code keyFile} when the upstream asks for a client certificate.
 */
public record ClientTls(boolean insecure, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

    public static ClientTls plaintext() {
        return new ClientTls(true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ClientTls verifying() {
        return new ClientTls(false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
