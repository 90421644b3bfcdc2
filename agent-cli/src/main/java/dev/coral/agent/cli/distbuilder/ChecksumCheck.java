package dev.coral.agent.cli.distbuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares a downloaded file with the checksum its repository publishes beside it: the
 * strongest one there, {@code .sha256}, then {@code .sha512}, then {@code .sha1} (Maven Central
 * has .sha1 for everything, .sha256/.sha512 for newer uploads; .md5 is not accepted). A
 * mismatch is always an error; no checksum at all is one unless the repository is marked
 * {@code checksums = optional}.
 */
final class ChecksumCheck {
    /** A checksum file suffix, the JCA digest name, and the hex length that file must hold. */
    private record Algorithm(String suffix, String digest, int hexLength) {}

    private static final List<Algorithm> PREFERENCE = List.of(
            new Algorithm("sha256", "SHA-256", 64),
            new Algorithm("sha512", "SHA-512", 128),
            new Algorithm("sha1", "SHA-1", 40));

    private final RepositoryFetcher fetcher;

    ChecksumCheck(RepositoryFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * @param what the coordinates, for messages
     * @param uri where {@code file} was downloaded from
     * @return what was checked, for the log, e.g. "sha256 ok"
     * @throws IOException on a mismatch, or when no checksum exists and the repository requires one
     */
    String verify(String what, Repository repository, URI uri, Path file) throws IOException {
        for (Algorithm algorithm : PREFERENCE) {
            URI checksumUri = URI.create(uri + "." + algorithm.suffix());
            Optional<byte[]> published = fetcher.fetchSmall(checksumUri);
            if (published.isEmpty()) {
                continue;
            }
            String expected = parse(published.get(), algorithm, checksumUri, what);
            String actual = digest(file, algorithm);
            if (!expected.equals(actual)) {
                throw new IOException(what + ": checksum mismatch for " + uri + ": expected " + algorithm.suffix() + " "
                        + expected + " (from " + checksumUri + "), got " + actual
                        + "; the download is not what the repository published, refusing it");
            }
            return algorithm.suffix() + " ok";
        }
        if (repository.checksumsOptional()) {
            return "no checksum published (checksums = optional)";
        }
        throw new IOException(what + ": no checksum for " + uri + " (tried .sha256, .sha512, .sha1), so it cannot be "
                + "verified; if " + repository + " publishes none, add checksums = optional to its entry at "
                + repository.location());
    }

    /** A checksum file holds the hex digest, sometimes followed by the file name. */
    private static String parse(byte[] content, Algorithm algorithm, URI uri, String what) throws IOException {
        String text = new String(content, StandardCharsets.US_ASCII).trim();
        String hex = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException(what + ": " + uri + " is not a " + algorithm.suffix() + " checksum: '"
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
        }
        return hex;
    }

    private static String digest(Path file, Algorithm algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm.digest(), e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
