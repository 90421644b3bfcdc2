package dev.coral.agent.cli.distbuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a plugin artifact by Maven coordinates: in the local repository first (trusted as the
 * user's own files, as {@code path} plugins are), then from the configured repositories
 * (release versions; snapshots only locally). A download is accepted only once it matches the
 * checksum its repository publishes and, when the manifest names trusted keys, carries a valid
 * signature by one of them; until then it is a {@code .part} file nobody uses.
 */
final class MavenArtifacts {
    private final Path localRepository;
    private final List<Repository> repositories;
    private final Path downloads;
    private final RepositoryFetcher fetcher;
    private final ChecksumCheck checksums;
    private final TrustedKeys trustedKeys;
    private final PrintWriter log;

    /**
     * @param downloads where verified downloads are kept (a scratch directory, not the output)
     * @param log one line per download and what was verified
     */
    MavenArtifacts(Path localRepository, List<Repository> repositories, Path downloads, RepositoryFetcher fetcher,
            TrustedKeys trustedKeys, PrintWriter log) {
        this.localRepository = localRepository;
        this.repositories = repositories;
        this.downloads = downloads;
        this.fetcher = fetcher;
        this.checksums = new ChecksumCheck(fetcher);
        this.trustedKeys = trustedKeys;
        this.log = log;
    }

    /** A resolved artifact: the file to use, and where it came from (a local path or the URL). */
    record Artifact(Path file, String origin) {}

    static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    Artifact resolve(Coordinates coordinates) throws IOException {
        List<String> candidates = coordinates.candidateFileNames();
        for (String file : candidates) {
            Path local = ConfinedPath.resolve(localRepository, coordinates.directory() + "/" + file, "artifact");
            if (Files.isRegularFile(local)) {
                return new Artifact(local, local.toString());
            }
        }
        if (coordinates.isSnapshot()) {
            throw new IOException(coordinates + " is a snapshot and is not in the local repository " + localRepository
                    + " (run mvn install in its project first)");
        }
        List<String> tried = new ArrayList<>();
        for (Repository repository : repositories) {
            for (String file : candidates) {
                URI uri = repository.resolve(coordinates.directory() + "/" + file);
                tried.add(uri.toString());
                Optional<Artifact> downloaded;
                try {
                    downloaded = download(coordinates, repository, uri, file);
                } catch (UnreachableException e) {
                    tried.add("  (" + e.getMessage() + ")");
                    continue;
                }
                if (downloaded.isPresent()) {
                    return downloaded.get();
                }
            }
        }
        throw new IOException(coordinates + " not found in " + localRepository + " nor at " + String.join(", ", tried));
    }

    /** The verified file, or empty when the repository does not have it. */
    private Optional<Artifact> download(Coordinates coordinates, Repository repository, URI uri, String file)
            throws IOException {
        Files.createDirectories(downloads);
        Path part = ConfinedPath.resolve(downloads, file + ".part", "artifact");
        try {
            if (!fetcher.fetch(uri, part)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new UnreachableException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try {
            String verified = checksums.verify(coordinates.toString(), repository, uri, part);
            if (!trustedKeys.isEmpty()) {
                verified += ", " + signature(coordinates, uri, part);
            }
            Path target = ConfinedPath.resolve(downloads, file, "artifact");
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            log.println("  downloaded " + uri + " (" + verified + ")");
            return Optional.of(new Artifact(target, uri.toString()));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private String signature(Coordinates coordinates, URI uri, Path file) throws IOException {
        URI asc = URI.create(uri + ".asc");
        byte[] signature = fetcher.fetchSmall(asc).orElseThrow(() -> new IOException(coordinates + ": " + uri
                + " has no signature (" + asc + " not found), and the manifest names trusted-keys"));
        return trustedKeys.verify(coordinates.toString(), file, signature, asc);
    }

    /** The repository could not be asked (down, refused, an HTTP error): try the next one. */
    private static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message) {
            super(message);
        }
    }
}
