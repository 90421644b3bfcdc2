package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.DatabaseSnapshots;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read-only copies of the database for {@code /duckdb/<db>}. DuckDB's {@code COPY FROM DATABASE},
 * run on a reader connection, writes a transactionally consistent copy into a new file while
 * the writer keeps appending; the copy is checkpointed and detached (a self-contained file, no
 * WAL), then atomically renamed over the previous snapshot, so a client never sees a
 * half-written file. Snapshots are written in {@link #STORAGE_VERSION}, which DuckDB 0.10 and
 * every later release open. A snapshot is reused for {@code snapshot-refresh}. Symbolic links are
 * never followed: not as the {@code snapshots/} directory, not at the snapshot's own names.
 */
final class Snapshots implements DatabaseSnapshots {
    /**
     * DuckDB's storage version of every snapshot. The colony and users read snapshots with
     * whatever DuckDB they have, and the agent's DuckDB writes a format no 1.x release opens;
     * {@code v0.10.0} (number 64 in the header) is what DuckDB 1.0 to 1.5 write by default, every
     * release since 0.10 reads, and it holds all the store's column types (lists, JSON, unsigned).
     */
    static final String STORAGE_VERSION = "v0.10.0";
    private static final String ALIAS = "coral_snapshot";

    private final Database db;
    private final String fileName;
    private final Path dir;
    private final Duration refresh;
    private long takenAtNanos;
    private Path current;

    Snapshots(Database db, Path dataDir, String fileName, Duration refresh) {
        this.db = db;
        this.fileName = fileName;
        this.dir = dataDir.resolve("snapshots");
        this.refresh = refresh;
    }

    @Override
    public List<String> databases() {
        return List.of(fileName);
    }

    @Override
    public synchronized Optional<Path> snapshot(String name) throws IOException {
        if (!fileName.equals(name)) {
            return Optional.empty();
        }
        requireRealDirectory();
        // NOFOLLOW: a snapshot someone swapped for a link is taken again (the rename replaces the link).
        if (current != null && System.nanoTime() - takenAtNanos < refresh.toNanos()
                && Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(current);
        }
        // Deleting a link removes the link, never its target.
        Path tmp = dir.resolve(fileName + ".tmp");
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(dir.resolve(fileName + ".tmp.wal"));
        try {
            db.read(c -> {
                try (Statement s = c.createStatement()) {
                    String source;
                    try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                        rs.next();
                        source = rs.getString(1);
                    }
                    s.execute("DETACH DATABASE IF EXISTS " + ALIAS);
                    // Explicit, whatever the version of the live file: readers run whatever DuckDB they have.
                    s.execute("ATTACH '" + tmp.toString().replace("'", "''") + "' AS " + ALIAS
                            + " (STORAGE_VERSION '" + STORAGE_VERSION + "')");
                    try {
                        // One transaction: every table (and seq_state) as of the same moment.
                        s.execute("BEGIN TRANSACTION");
                        s.execute("COPY FROM DATABASE \"" + source.replace("\"", "\"\"") + "\" TO " + ALIAS);
                        s.execute("COMMIT");
                        s.execute("CHECKPOINT " + ALIAS);
                    } catch (SQLException e) {
                        try {
                            s.execute("ROLLBACK");
                        } catch (SQLException ignored) {
                            // no transaction open
                        }
                        throw e;
                    } finally {
                        // Attached databases belong to the whole instance: never leave this one behind.
                        s.execute("DETACH DATABASE IF EXISTS " + ALIAS);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("snapshot of " + name + " failed: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("snapshot of " + name + " failed: " + tmp + " is not a regular file after the copy");
        }
        Path target = dir.resolve(fileName);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        current = target;
        takenAtNanos = System.nanoTime();
        return Optional.of(current);
    }

    /**
     * Snapshots are written only into a real {@code snapshots/} directory of the data dir: a
     * symbolic link there would make the agent write (and serve) wherever it points. It is
     * refused, not removed, because the agent did not create it; the rest of the store runs on.
     */
    private void requireRealDirectory() throws IOException {
        try {
            Files.createDirectory(dir);
            return;
        } catch (FileAlreadyExistsException exists) {
            // checked below, without following a link
        }
        BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            throw new IOException(dir + " is a symbolic link; snapshots are only written into a real directory"
                    + " inside the data dir: remove the link");
        }
        if (!attrs.isDirectory()) {
            throw new IOException(dir + " is not a directory; snapshots need it: remove it");
        }
    }
}
