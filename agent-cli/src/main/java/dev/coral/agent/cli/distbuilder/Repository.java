package dev.coral.agent.cli.distbuilder;

import java.net.URI;

/**
 * A Maven repository {@code coral-agent build} downloads plugins from.
 *
 * @param url https, or file: for a directory; plain http only when {@code insecure}
 * @param insecure the manifest allowed plain http for this repository
 * @param checksumsOptional the manifest allowed artifacts without a .sha256/.sha512/.sha1 here
 * @param location where the manifest names it ("file:line"), for messages
 */
public record Repository(URI url, boolean insecure, boolean checksumsOptional, String location) {
    public static final Repository MAVEN_CENTRAL =
            new Repository(URI.create("https://repo.maven.apache.org/maven2"), false, false, "default repositories");

    /** The URL of {@code path} (relative to the repository root). */
    URI resolve(String path) {
        return URI.create(url.toString().replaceAll("/+$", "") + "/" + path);
    }

    boolean isPlainHttp() {
        return "http".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
