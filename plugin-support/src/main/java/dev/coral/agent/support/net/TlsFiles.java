package dev.coral.agent.support.net;

import dev.coral.agent.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A server certificate chain and its private key, both PEM files. The key must be PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}); {@code openssl pkcs8 -topk8 -nocrypt} converts others.
 *
 * @since 0.1.0
 */
public record TlsFiles(Path certFile, Path keyFile) {

    /**
     * Reads the section {@code tls { cert-file, key-file }} of {@code settings}: both set for TLS,
     * neither for plaintext (empty), {@code def} for what is absent. Both files must be readable;
     * when only one is set or a file is unreadable, the problem is recorded in {@code settings}
     * (file, line, key) and the result is plaintext.
     */
    public static Optional<TlsFiles> read(Settings settings, Optional<TlsFiles> def) {
        Settings t = settings.section("tls");
        String cert = t.string("cert-file", def.map(f -> f.certFile().toString()).orElse(""));
        String key = t.string("key-file", def.map(f -> f.keyFile().toString()).orElse(""));
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty()) {
            t.reject("cert-file", "a PEM certificate file, since key-file is set");
            return Optional.empty();
        }
        if (key.isEmpty()) {
            t.reject("key-file", "a PEM private key file, since cert-file is set");
            return Optional.empty();
        }
        boolean certReadable = readable(t, "cert-file", cert);
        boolean keyReadable = readable(t, "key-file", key);
        return certReadable && keyReadable ? Optional.of(new TlsFiles(Path.of(cert), Path.of(key))) : Optional.empty();
    }

    private static boolean readable(Settings t, String key, String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            t.reject(key, "a readable file (" + p.toAbsolutePath() + " is not)");
            return false;
        }
        return true;
    }
}
