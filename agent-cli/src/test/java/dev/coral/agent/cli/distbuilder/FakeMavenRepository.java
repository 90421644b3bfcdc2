package dev.coral.agent.cli.distbuilder;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Maven repository as a remote one is: files in the standard layout under a directory, served
 * by a real HTTP server on a free loopback port (404 for what is absent). Records the paths asked for.
 */
final class FakeMavenRepository implements AutoCloseable {
    private final Path root;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeMavenRepository(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/maven2/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/maven2/".length());
            requests.add(path);
            Path file = this.root.resolve(path).normalize();
            try (exchange) {
                if (!file.startsWith(this.root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** The repository's URL, plain http (tests mark it insecure). */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2");
    }

    Path root() {
        return root;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Publishes {@code content} at {@code relativePath} with a checksum file per algorithm named
     * (e.g. "sha256", "sha1"), as a repository manager writes them.
     */
    Path publish(String relativePath, byte[] content, String... checksums) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        for (String algorithm : checksums) {
            Files.writeString(file.resolveSibling(file.getFileName() + "." + algorithm), hex(algorithm, content));
        }
        return file;
    }

    static String hex(String algorithm, byte[] content) {
        String jca = switch (algorithm) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> throw new IllegalArgumentException(algorithm);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
