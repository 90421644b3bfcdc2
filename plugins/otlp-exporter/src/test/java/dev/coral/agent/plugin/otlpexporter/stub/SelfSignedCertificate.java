package dev.coral.agent.plugin.otlpexporter.stub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 made by the JDK's {@code keytool} in a test directory:
 * its key store for the stub's server side, and its certificate as a PEM file for the exporter's
 * {@code tls.ca_file}.
 */
public record SelfSignedCertificate(Path keyStore, Path certificatePem, Path privateKeyPem) {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "upstream";

    public static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
        return create(dir, "upstream");
    }

    /** A certificate named {@code name} (its files are {@code name.p12}, {@code name-cert.pem}, {@code name-key.pem}). */
    public static SelfSignedCertificate create(Path dir, String name) throws IOException, InterruptedException {
        Path ks = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + "-cert.pem");
        Path keyPem = dir.resolve(name + "-key.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1",
                "-alias", ALIAS, "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        SelfSignedCertificate made = new SelfSignedCertificate(ks, pem, keyPem);
        try {
            KeyStore store = made.load();
            Files.writeString(pem, pem("CERTIFICATE", store.getCertificate(ALIAS).getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", store.getKey(ALIAS, PASSWORD).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return made;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Trusts this certificate (a server that asks its clients for this one). */
    public javax.net.ssl.TrustManagerFactory trustManagers() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("trusted", load().getCertificate(ALIAS));
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    public KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
        KeyStore store = load();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        return kmf;
    }

    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers().getKeyManagers(), null, null);
        return ctx;
    }

    /** A server context that trusts {@code client}'s certificate (used with client authentication required). */
    public SSLContext serverContextTrusting(SelfSignedCertificate client) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers().getKeyManagers(), client.trustManagers().getTrustManagers(), null);
        return ctx;
    }
}
