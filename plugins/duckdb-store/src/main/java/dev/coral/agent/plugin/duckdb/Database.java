package dev.coral.agent.plugin.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    private final Path file;
    private final DuckDbStoreConfig.Engine engine;
    private final String catalog;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile DuckDBConnection conn;
    /** Set by {@link #close}: a writer still running after a shutdown's deadline must not reopen the file. */
    private boolean closed;

    private Database(Path file, DuckDbStoreConfig.Engine engine) {
        this.file = file;
        this.engine = engine;
        String name = file.getFileName().toString();
        this.catalog = quote(name.endsWith(".duckdb") ? name.substring(0, name.length() - 7) : name);
    }

    static Database open(Path file, DuckDbStoreConfig.Engine engine) throws SQLException {
        Database db = new Database(file, engine);
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
            s.execute("ATTACH " + literal(file.toString()) + " AS " + catalog
                    + " (ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ")");
            s.execute("USE " + catalog);
            s.execute(NO_AUTO_CHECKPOINT);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
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
        } catch (java.io.IOException e) {
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

    /** Runs {@code query} on a fresh connection to the instance, so readers never wait for each other. */
    <T> T read(SqlFunction<Connection, T> query) throws SQLException {
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
