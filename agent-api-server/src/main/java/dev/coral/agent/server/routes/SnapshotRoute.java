package dev.coral.agent.server.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /duckdb/<db>}: a consistent read-only copy of a local database (never the
 * live file, which another process cannot even open), with single byte ranges, ETag and
 * Last-Modified, as DuckDB's httpfs needs to {@code ATTACH} it remotely. {@code /duckdb/} lists
 * the names. A name is only ever looked up among the names the stores declare, never turned
 * into a path, and a snapshot that is a symbolic link is refused, never followed: nothing
 * outside the stores' snapshots can be read through this route.
 *
 * <p>The store decides how long a snapshot is reused (httpfs reads one file as many range
 * requests, which must all see the same copy); the ETag changes with every new copy, so a
 * remote reader notices a refresh instead of mixing two copies.
 */
public final class SnapshotRoute implements Route {
    public static final String PREFIX = "/duckdb/";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRoute.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiData data;

    public SnapshotRoute(ApiData data) {
        this.data = data;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        String path = exchange.rawPath();
        String name = path.length() <= PREFIX.length() ? "" : path.substring(PREFIX.length());
        if (name.isEmpty()) {
            ArrayNode names = JSON.createArrayNode();
            databases().forEach(names::add);
            Replies.send(exchange, 200, Replies.JSON, JSON.writeValueAsBytes(names));
            return;
        }
        if (!NAME.matcher(name).matches()) {
            Replies.text(exchange, 400, "bad database name '" + name
                    + "': letters, digits, '.', '_' and '-' only");
            return;
        }
        Optional<DatabaseSnapshots> owner = data.snapshots().stream().filter(s -> s.databases().contains(name))
                .findFirst();
        Optional<Path> snapshot = owner.isEmpty() ? Optional.empty() : owner.get().snapshot(name);
        if (snapshot.isEmpty()) {
            Replies.text(exchange, 404, "unknown database '" + name + "'; served: "
                    + (databases().isEmpty() ? "none (no store keeps a database)" : String.join(", ", databases())));
            return;
        }
        Path file = snapshot.get();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A link in the data dir would serve whatever it points at: never follow one.
            LOG.warn("agent api refused a snapshot that is not a regular file database={} file={} symlink={}", name,
                    file, Files.isSymbolicLink(file));
            Replies.text(exchange, 500, "snapshot of " + name + " is "
                    + (Files.isSymbolicLink(file) ? "a symbolic link" : "not a regular file")
                    + "; refusing to serve it (see the agent's log)");
            return;
        }
        serve(exchange, file);
    }

    private List<String> databases() {
        List<String> names = new ArrayList<>();
        data.snapshots().forEach(s -> names.addAll(s.databases()));
        return names;
    }

    private static void serve(Exchange exchange, Path file) throws IOException {
        // Opened first: if the store replaces the snapshot now, this answer still reads one copy.
        // NOFOLLOW_LINKS (O_NOFOLLOW): a link swapped in after the check above fails to open.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            serve(exchange, file, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void serve(Exchange exchange, Path file, FileChannel channel) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long size = channel.size();
        var headers = exchange.answerHeaders();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(attrs.lastModifiedTime().toMillis())
                + "-" + Integer.toHexString(String.valueOf(attrs.fileKey()).hashCode() ^ file.getFileName().hashCode())
                + "\"";
        headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        headers.set(HttpHeaderNames.ETAG, etag);
        headers.set(HttpHeaderNames.LAST_MODIFIED,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(attrs.lastModifiedTime().toInstant().atZone(ZoneOffset.UTC)));
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        long first = 0;
        long length = size;
        int status = 200;
        String ifRange = exchange.header(HttpHeaderNames.IF_RANGE);
        if (ifRange == null || ifRange.equals(etag)) {
            try {
                Optional<ByteRange> range = ByteRange.parse(exchange.header(HttpHeaderNames.RANGE), size);
                if (range.isPresent()) {
                    status = 206;
                    first = range.get().first();
                    length = range.get().length();
                    headers.set(HttpHeaderNames.CONTENT_RANGE, range.get().contentRange(size));
                }
            } catch (ByteRange.Unsatisfiable e) {
                headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                closeQuietly(channel);
                Replies.text(exchange, 416, "range not satisfiable: " + e.getMessage());
                return;
            }
        }
        if ("HEAD".equals(exchange.method()) || length == 0) {
            closeQuietly(channel);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
            exchange.sendWithTrailers(status, new byte[0], null);
            return;
        }
        exchange.sendFile(status, channel, first, length);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only; nothing to lose.
        }
    }
}
