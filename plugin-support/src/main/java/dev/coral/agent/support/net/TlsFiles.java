package dev.coral.agent.support.net;

import dev.coral.agent.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A server certificate chain and its private key, both PEM files. The key must be PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}); {@code openssl pkcs8 -topk8 -nocrypt} converts others.
 *
 * @since 1.0
 */
public record TlsFiles(Path certFile, Path keyFile) {

    /**
     * Reads the section {@code tls { cert-file, key-file }} of {@code settings}: both set for TLS,
     * neither for plaintext (empty), {@code def} for what is absent. Both files must be readable.
     *
     * @throws dev.coral.agent.api.config.ConfigProblem naming the key when only one is set or a file is unreadable
     */
    public static Optional<TlsFiles> read(Settings settings, Optional<TlsFiles> def) {
        Settings t = settings.section("tls");
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
