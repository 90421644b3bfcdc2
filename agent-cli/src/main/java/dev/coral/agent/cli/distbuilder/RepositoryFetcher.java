package dev.coral.agent.cli.distbuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Gets one file of a repository: by GET for http(s), by copy for {@code file:}. Absent (404,
 * 410, no such file) is an answer, not an error; any other failure is an error. Redirects are
 * followed, never from https down to http.
 */
final class RepositoryFetcher {
    private final HttpClient http;

    RepositoryFetcher() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    RepositoryFetcher(HttpClient http) {
        this.http = http;
    }

    /** Writes the file at {@code uri} to {@code target}; false when the repository has no such file. */
    boolean fetch(URI uri, Path target) throws IOException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path source = Path.of(uri);
            if (!Files.isRegularFile(source)) {
                return false;
            }
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        HttpResponse<Path> response = send(uri, HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() == 200) {
            return true;
        }
        Files.deleteIfExists(target);
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return false;
        }
        throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
    }

    /** A small file (a checksum, a signature), or empty when the repository has none. */
    Optional<byte[]> fetchSmall(URI uri) throws IOException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path source = Path.of(uri);
            return Files.isRegularFile(source) ? Optional.of(Files.readAllBytes(source)) : Optional.empty();
        }
        HttpResponse<byte[]> response = send(uri, HttpResponse.BodyHandlers.ofByteArray());
        return switch (response.statusCode()) {
            case 200 -> Optional.of(response.body());
            case 404, 410 -> Optional.empty();
            default -> throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        };
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).build(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + uri, e);
        }
    }
}
