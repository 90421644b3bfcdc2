package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rows older than each table's window, and with {@code max-size} drops the oldest data
 * while the database uses more. Runs on the writer thread between group commits (see
 * {@link GroupCommitWriter#runOnWriter}), so it never contends with appends; ingestion waits for
 * one cleanup, which a DuckDB DELETE keeps short (it marks rows, the next checkpoint frees them).
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Map<String, Duration> windows = new LinkedHashMap<>();
    private final long maxSize;
    private final Clock clock;
    private final ProfileAppender profiles;
    private final LongSupplier walBytes;
    private final Counter deleted;
    private volatile long lastPauseMillis;

    /** @param walBytes the WAL's size now: rows not yet checkpointed into the file's blocks */
    Retention(DuckDbStoreConfig config, Clock clock, ProfileAppender profiles, LongSupplier walBytes,
            Telemetry telemetry) {
        this.maxSize = config.maxSize();
        this.walBytes = walBytes;
        this.clock = clock;
        this.profiles = profiles;
        var r = config.retention();
        windows.put(Schema.SPANS, r.spans());
        windows.put(Schema.BEYLA_HTTP, r.beyla());
        windows.put(Schema.BEYLA_GRPC, r.beyla());
        windows.put(Schema.BEYLA_SQL, r.beyla());
        windows.put(Schema.BEYLA_TRACES, r.beyla());
        windows.put(Schema.SYSTEM_METRICS, r.systemMetrics());
        windows.put(Schema.PROFILE_SAMPLES, r.cpuProfiles());
        windows.put(Schema.BINARY_METADATA, r.binaryMetadata());
        Schema.METRIC_POINTS.forEach(table -> windows.put(table, r.metrics()));
        windows.put(Schema.LOGS, r.logs());
        this.deleted = telemetry.counter("coral_store_retention_deleted_rows",
                "Rows deleted by retention and max-size");
        telemetry.gauge("coral_store_retention_last_pause_ms", "Length of the last cleanup (ingestion waits for it)",
                Map.of(), () -> lastPauseMillis);
    }

    /**
     * Deletes every row whose time, or arrival, is before now minus its table's window, in one
     * transaction; returns how many.
     */
    long run(DuckDBConnection conn) throws SQLException {
        long start = System.nanoTime();
        long nowMicros = clock.millis() * 1000;
        long total = 0;
        long samples = 0;
        long binaries = 0;
        try (Statement s = conn.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            try {
                for (var e : windows.entrySet()) {
                    if (e.getKey().equals(Schema.BINARY_METADATA)) {
                        continue; // after the frames: see below
                    }
                    String before = " < make_timestamp(" + (nowMicros - e.getValue().toNanos() / 1000) + ")";
                    // By the data's own time; and by arrival too, so a row a client dated in the
                    // future (clocks off, or hostile) still leaves one window after it came.
                    Schema.keepLastSeqId(s, e.getKey());
                    long n = s.executeUpdate("DELETE FROM " + e.getKey() + " WHERE timestamp" + before
                            + " OR created_at" + before);
                    total += n;
                    if (e.getKey().equals(Schema.PROFILE_SAMPLES)) {
                        samples = n;
                    }
                }
                if (samples > 0) {
                    pruneFrames(s);
                }
                binaries = expireBinaries(s, nowMicros - windows.get(Schema.BINARY_METADATA).toNanos() / 1000);
                total += binaries;
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                throw e;
            }
        }
        if (samples > 0 || binaries > 0) {
            profiles.load(conn);
        }
        deleted.add(total);
        lastPauseMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.debug("retention cleanup deleted={} pause_ms={}", total, lastPauseMillis);
        return total;
    }

    /**
     * When the database's used blocks plus its WAL pass {@code max-size}, drops the oldest tenth of every table
     * (by seq id, i.e. arrival) and checkpoints so DuckDB can reuse the space. One step per call:
     * freed space shows only after the checkpoint, so looping here could drop more than needed.
     */
    long enforceMaxSize(DuckDBConnection conn) throws SQLException {
        if (maxSize <= 0 || usedBytes(conn) + walBytes.getAsLong() <= maxSize) {
            return 0;
        }
        long total = 0;
        try (Statement s = conn.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            try {
                for (String table : windows.keySet()) {
                    Schema.keepLastSeqId(s, table);
                    total += s.executeUpdate("DELETE FROM " + table
                            + " WHERE seq_id <= (SELECT quantile_disc(seq_id, 0.1) FROM " + table + ")");
                }
                pruneFrames(s);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                throw e;
            }
            s.execute("CHECKPOINT");
        }
        profiles.load(conn);
        deleted.add(total);
        LOG.info("max-size reached, dropped the oldest rows max_size={} rows={}", maxSize, total);
        return total;
    }

    /** Bytes of the blocks the database uses (the file itself never shrinks; DuckDB reuses free blocks). */
    static long usedBytes(DuckDBConnection conn) throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT used_blocks * block_size FROM pragma_database_size()"
                        + " WHERE database_name = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long lastPauseMillis() {
        return lastPauseMillis;
    }

    /**
     * Binaries stored longer than their window ago that no remaining frame runs in. A binary still
     * in use stays, however old its row: its samples keep needing its path for mappings and deploys.
     */
    private static long expireBinaries(Statement s, long cutoffMicros) throws SQLException {
        Schema.keepLastSeqId(s, Schema.BINARY_METADATA);
        return s.executeUpdate("DELETE FROM " + Schema.BINARY_METADATA + " WHERE created_at < make_timestamp("
                + cutoffMicros + ") AND build_id NOT IN (SELECT build_id FROM " + Schema.FRAMES
                + " WHERE build_id IS NOT NULL)");
    }

    /** Frames no remaining stack refers to. */
    private static void pruneFrames(Statement s) throws SQLException {
        s.executeUpdate("DELETE FROM " + Schema.FRAMES
                + " WHERE frame_id NOT IN (SELECT DISTINCT unnest(stack_frame_ids) FROM " + Schema.PROFILE_SAMPLES
                + ")");
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the failure ended the transaction
        }
    }
}
