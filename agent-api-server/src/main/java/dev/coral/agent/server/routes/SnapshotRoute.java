package dev.coral.agent.server.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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
    private static final int CHUNK = 64 * 1024;

    private final ApiData data;

    public SnapshotRoute(ApiData data) {
        this.data = data;
    }

    @Override
    public void handle(Request request, Response response, Callback callback) throws IOException {
        String path = request.getHttpURI().getPath();
        String name = path.length() <= PREFIX.length() ? "" : path.substring(PREFIX.length());
        if (name.isEmpty()) {
            ArrayNode names = JSON.createArrayNode();
            databases().forEach(names::add);
            Replies.send(request, response, callback, 200, Replies.JSON, JSON.writeValueAsBytes(names));
            return;
        }
        if (!NAME.matcher(name).matches()) {
            Replies.text(request, response, callback, 400, "bad database name '" + name
                    + "': letters, digits, '.', '_' and '-' only");
            return;
        }
        Optional<DatabaseSnapshots> owner = data.snapshots().stream().filter(s -> s.databases().contains(name))
                .findFirst();
        Optional<Path> snapshot = owner.isEmpty() ? Optional.empty() : owner.get().snapshot(name);
        if (snapshot.isEmpty()) {
            Replies.text(request, response, callback, 404, "unknown database '" + name + "'; served: "
                    + (databases().isEmpty() ? "none (no store keeps a database)" : String.join(", ", databases())));
            return;
        }
        Path file = snapshot.get();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A link in the data dir would serve whatever it points at: never follow one.
            LOG.warn("agent api refused a snapshot that is not a regular file database={} file={} symlink={}", name,
                    file, Files.isSymbolicLink(file));
            Replies.text(request, response, callback, 500, "snapshot of " + name + " is "
                    + (Files.isSymbolicLink(file) ? "a symbolic link" : "not a regular file")
                    + "; refusing to serve it (see the agent's log)");
            return;
        }
        serve(request, response, callback, file);
    }

    private List<String> databases() {
        List<String> names = new ArrayList<>();
        data.snapshots().forEach(s -> names.addAll(s.databases()));
        return names;
    }

    private static void serve(Request request, Response response, Callback callback, Path file) throws IOException {
        // Opened first: if the store replaces the snapshot now, this answer still reads one copy.
        // NOFOLLOW_LINKS (O_NOFOLLOW): a link swapped in after the check above fails to open.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            serve(request, response, callback, file, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void serve(Request request, Response response, Callback callback, Path file, FileChannel channel)
            throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long size = channel.size();
        var headers = response.getHeaders();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(attrs.lastModifiedTime().toMillis())
                + "-" + Integer.toHexString(String.valueOf(attrs.fileKey()).hashCode() ^ file.getFileName().hashCode())
                + "\"";
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.LAST_MODIFIED,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(attrs.lastModifiedTime().toInstant().atZone(ZoneOffset.UTC)));
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        long first = 0;
        long length = size;
        int status = 200;
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange == null || ifRange.equals(etag)) {
            try {
                Optional<ByteRange> range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size);
                if (range.isPresent()) {
                    status = 206;
                    first = range.get().first();
                    length = range.get().length();
                    headers.put(HttpHeader.CONTENT_RANGE, range.get().contentRange(size));
                }
            } catch (ByteRange.Unsatisfiable e) {
                headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                closeQuietly(channel);
                Replies.text(request, response, callback, 416, "range not satisfiable: " + e.getMessage());
                return;
            }
        }
        response.setStatus(status);
        headers.put(HttpHeader.CONTENT_LENGTH, length);
        if ("HEAD".equals(request.getMethod()) || length == 0) {
            closeQuietly(channel);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), false, CHUNK);
        Content.Source body = Content.Source.from(buffers, channel, first, length);
        Content.copy(body, response, Callback.from(callback, () -> closeQuietly(channel)));
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only; nothing to lose.
        }
    }
}
