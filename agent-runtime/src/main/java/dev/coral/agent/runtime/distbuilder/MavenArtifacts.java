package dev.coral.agent.runtime.distbuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a plugin artifact by Maven coordinates: in the local repository first, then by plain
 * HTTP GET from the configured repositories (release versions; snapshots only locally). A
 * coordinate without a type tries the plugin zip ({@code zip:plugin}), then a plain jar.
 */
final class MavenArtifacts {
    private final Path localRepository;
    private final List<String> repositories;
    private final Path downloads;

    MavenArtifacts(Path localRepository, List<String> repositories, Path downloads) {
        this.localRepository = localRepository;
        this.repositories = repositories;
        this.downloads = downloads;
    }

    static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    Path resolve(String coordinates) throws IOException {
        String[] parts = coordinates.split(":");
        if (parts.length < 3 || parts.length > 5) {
            throw new IOException("'" + coordinates + "' is not group:artifact:version[:type[:classifier]]");
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        List<String> candidates = new ArrayList<>();
        if (parts.length == 3) {
            candidates.add(artifact + "-" + version + "-plugin.zip");
            candidates.add(artifact + "-" + version + ".zip");
            candidates.add(artifact + "-" + version + ".jar");
        } else {
            String classifier = parts.length == 5 ? "-" + parts[4] : "";
            candidates.add(artifact + "-" + version + classifier + "." + parts[3]);
        }
        String dir = group.replace('.', '/') + "/" + artifact + "/" + version + "/";
        for (String file : candidates) {
            Path local = localRepository.resolve(dir + file);
            if (Files.isRegularFile(local)) {
                return local;
            }
        }
        if (version.endsWith("-SNAPSHOT")) {
            throw new IOException(coordinates + " is a snapshot and is not in the local repository " + localRepository
                    + " (run mvn install in its project first)");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        List<String> tried = new ArrayList<>();
        for (String repository : repositories) {
            for (String file : candidates) {
                URI uri = URI.create(repository.replaceAll("/+$", "") + "/" + dir + file);
                tried.add(uri.toString());
                try {
                    Files.createDirectories(downloads);
                    Path target = downloads.resolve(file);
                    HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                            .build(), HttpResponse.BodyHandlers.ofFile(target));
                    if (response.statusCode() == 200) {
                        return target;
                    }
                    Files.deleteIfExists(target);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while downloading " + uri, e);
                } catch (IOException e) {
                    tried.add("  (" + e.getMessage() + ")");
                }
            }
        }
        throw new IOException(coordinates + " not found in " + localRepository + " nor at " + String.join(", ", tried));
    }
}
