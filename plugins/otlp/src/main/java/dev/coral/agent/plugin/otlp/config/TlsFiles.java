package dev.coral.agent.plugin.otlp.config;

import java.nio.file.Path;

/**
 * A server certificate chain and its private key, both PEM files. The key must be PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}); {@code openssl pkcs8 -topk8 -nocrypt} converts others.
 */
public record TlsFiles(Path certFile, Path keyFile) {}
