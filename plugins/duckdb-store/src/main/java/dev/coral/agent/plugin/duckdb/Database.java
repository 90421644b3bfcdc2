package dev.coral.agent.plugin.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * One DuckDB database file opened in this process: the writer's connection, short-lived reader
 * connections on the same instance, and reopening. DuckDB invalidates an instance after a fatal
 * error (a checkpoint that hits a full disk does): every later statement then fails until the
 * instance is closed and opened again, which {@link #reopen} does while no reader is inside.
 *
 * <p>The file is attached to an in-memory instance rather than opened directly, because only
 * ATTACH takes a row group size, and it is not kept in the file.
 */
final class Database implements AutoCloseable {
    /** Never checkpoint inside a COMMIT: the writer checkpoints itself (see {@link GroupCommitWriter}). */
    private static final String NO_AUTO_CHECKPOINT = "SET checkpoint_threshold = '1TB'";
    /**
     * Rows per row group (DuckDB's default is 122,880). A checkpoint rewrites the last, partly
     * filled row group; with the default that was most of a checkpoint's work when commits are
     * small (5x less checkpoint time per row at 16,384, see BENCHMARKS.md), and smaller
     * groups also give the zone maps finer time ranges.
     */
    static final int ROW_GROUP_SIZE = 16_384;
    /**
     * The storage version of the database file when the store creates it: the newest of the
     * agent's DuckDB. Such a file opens only in DuckDB 2.0 and later (the colony and users get
     * {@link Snapshots}, written in an older version), but DuckDB 1.x's format costs 30-40 % more
     * CPU per row written and 1-10 % more disk (BENCHMARKS.md, "Storage version").
     */
    static final String STORAGE_VERSION = "latest";

    private final Path file;
    private final DuckDbStoreConfig.Engine engine;
    private final String storageVersion;
    private final String catalog;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile DuckDBConnection conn;
    /** The identity (device and inode) of the file this instance opened, to notice it deleted or replaced. */
    private volatile Object fileKey;
    private volatile Runnable readBarrier = () -> { };
    /** Set by {@link #close}: a writer still running after a shutdown's deadline must not reopen the file. */
    private boolean closed;

    private Database(Path file, DuckDbStoreConfig.Engine engine, String storageVersion) {
        this.file = file;
        this.engine = engine;
        this.storageVersion = storageVersion;
        String name = file.getFileName().toString();
        this.catalog = quote(name.endsWith(".duckdb") ? name.substring(0, name.length() - 7) : name);
    }

    static Database open(Path file, DuckDbStoreConfig.Engine engine) throws SQLException {
        return open(file, engine, STORAGE_VERSION);
    }

    /** With the storage version a new file gets (e.g. {@code v0.10.0}); for benchmarks. */
    static Database open(Path file, DuckDbStoreConfig.Engine engine, String storageVersion) throws SQLException {
        Database db = new Database(file, engine, storageVersion);
        db.conn = db.connect();
        return db;
    }

    private DuckDBConnection connect() throws SQLException {
        // Not DriverManager: it only offers drivers the system class loader sees, and DuckDB lives
        // in this plugin's class loader.
        Properties settings = new Properties();
        settings.setProperty("memory_limit", (engine.memoryLimit() >> 10) + "KiB");
        settings.setProperty("threads", Integer.toString(engine.threads()));
        DuckDBConnection c = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", settings);
        try (Statement s = c.createStatement()) {
            s.execute("SET temp_directory = " + literal(file + ".tmp"));
            // Applies to files created from now on (ATTACH of an existing file keeps its version).
            s.execute("SET storage_compatibility_version = " + literal(storageVersion));
            s.execute("ATTACH " + literal(file.toString()) + " AS " + catalog
                    + " (ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ")");
            s.execute("USE " + catalog);
            s.execute(NO_AUTO_CHECKPOINT);
            fileKey = fileKeyNow();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private Object fileKeyNow() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // gone
        }
    }

    /**
     * Empty while the file at {@link #file} is the one this instance opened; otherwise what
     * happened to it. DuckDB keeps writing to the file it opened, so rows written after a
     * {@code rm} of the data dir (a rebuild) go to a deleted file and vanish with the process.
     * One {@code stat}.
     */
    Optional<String> fileProblem() {
        Object opened = fileKey;
        if (opened == null || conn == null) {
            return Optional.empty(); // not open, or the file system has no file keys
        }
        Object now = fileKeyNow();
        if (now == null) {
            return Optional.of(file + " was deleted while the store has it open: what it writes goes to the deleted"
                    + " file and is lost when the agent stops. Restart the agent to create a new file");
        }
        if (!now.equals(opened)) {
            return Optional.of(file + " was replaced by another file while the store has the old one open: what it"
                    + " writes goes to the old file and is lost when the agent stops. Restart the agent to open the"
                    + " file now at that path");
        }
        return Optional.empty();
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    Path file() {
        return file;
    }

    /** Bytes in the write-ahead log now (0 right after a checkpoint). */
    long walBytes() {
        try {
            Path wal = file.resolveSibling(file.getFileName() + ".wal");
            return Files.exists(wal) ? Files.size(wal) : 0;
        } catch (IOException e) {
            return 0; // removed by a checkpoint meanwhile
        }
    }

    /** The writer's connection; used by the writer thread only. Fails while the database is closed. */
    DuckDBConnection writer() throws SQLException {
        DuckDBConnection c = conn;
        if (c == null) {
            throw new SQLException("database " + file.getFileName() + " is not open");
        }
        return c;
    }

    boolean isOpen() {
        return conn != null;
    }

    /** Runs before every {@link #read}: the store waits there for the fold of what it acknowledged. */
    void readBarrier(Runnable barrier) {
        this.readBarrier = barrier;
    }

    /** Runs {@code query} on a fresh connection to the instance, so readers never wait for each other. */
    <T> T read(SqlFunction<Connection, T> query) throws SQLException {
        readBarrier.run();
        lock.readLock().lock();
        try {
            if (conn == null) {
                throw new SQLException("database " + file.getFileName()
                        + " is not open (reopening after a write failure)");
            }
            try (Connection c = conn.duplicate()) {
                try (Statement s = c.createStatement()) {
                    s.execute("USE " + catalog); // a new connection starts in the in-memory catalog
                }
                return query.apply(c);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the instance and opens it again (replaying the WAL). Waits for running reads. */
    void reopen() throws SQLException {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new SQLException("database " + file.getFileName() + " is closed");
            }
            closeQuietly();
            conn = connect();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** True when DuckDB has invalidated the instance: only {@link #reopen} helps. */
    static boolean invalidated(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("FATAL") || m.contains("database has been invalidated");
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            closeQuietly();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeQuietly() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // an invalidated instance may refuse its final checkpoint; the WAL keeps the data
            }
            conn = null;
        }
    }

    /** A JDBC step that may throw. */
    @FunctionalInterface
    interface SqlFunction<A, R> {
        R apply(A a) throws SQLException;
    }
}
