package dev.coral.agent.plugin.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The Appenders of the tables the writer fills, on the writer's connection. An Appender created
 * outside a transaction takes part in whichever explicit {@code BEGIN TRANSACTION} is open when
 * it flushes, so one set serves every group.
 */
final class TableAppenders {
    final DuckDBAppender spans;
    final DuckDBAppender metrics;
    final DuckDBAppender samples;
    final DuckDBAppender frames;
    final DuckDBAppender binaries;

    TableAppenders(DuckDBConnection conn) throws SQLException {
        spans = conn.createAppender("main", Schema.SPANS);
        metrics = conn.createAppender("main", Schema.SYSTEM_METRICS);
        samples = conn.createAppender("main", Schema.PROFILE_SAMPLES);
        frames = conn.createAppender("main", Schema.FRAMES);
        binaries = conn.createAppender("main", Schema.BINARY_METADATA);
    }

    /** Flushes the Appenders a group used: a flush costs a planned INSERT even when it has no rows. */
    void flush(boolean spanRows, boolean metricRows, boolean profileRows) throws SQLException {
        if (profileRows) {
            frames.flush();
        }
        if (spanRows) {
            spans.flush();
        }
        if (metricRows) {
            metrics.flush();
        }
        if (profileRows) {
            samples.flush();
            binaries.flush();
        }
    }

    /**
     * Closes all of them. Closing flushes what an Appender still buffers, so call this while the
     * failed group's transaction is still open: its rows then vanish with the ROLLBACK instead of
     * landing outside any transaction.
     */
    void closeQuietly() {
        for (DuckDBAppender a : new DuckDBAppender[] {spans, metrics, samples, frames, binaries}) {
            try {
                a.close();
            } catch (SQLException | RuntimeException ignored) {
                // a failed appender
            }
        }
    }
}
