package dev.coral.agent.plugin.duckdb;

import java.sql.SQLException;
import java.util.Map;
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
    final DuckDBAppender beylaHttp;
    final DuckDBAppender beylaGrpc;
    final DuckDBAppender beylaSql;
    final DuckDBAppender beylaTraces;
    final DuckDBAppender binaries;
    final DuckDBAppender metricGauges;
    final DuckDBAppender metricSums;
    final DuckDBAppender metricHistograms;
    final DuckDBAppender metricExpHistograms;
    final DuckDBAppender metricSummaries;
    final DuckDBAppender logs;

    TableAppenders(DuckDBConnection conn) throws SQLException {
        spans = conn.createAppender("main", Schema.SPANS);
        metrics = conn.createAppender("main", Schema.SYSTEM_METRICS);
        samples = conn.createAppender("main", Schema.PROFILE_SAMPLES);
        frames = conn.createAppender("main", Schema.FRAMES);
        beylaHttp = conn.createAppender("main", Schema.BEYLA_HTTP);
        beylaGrpc = conn.createAppender("main", Schema.BEYLA_GRPC);
        beylaSql = conn.createAppender("main", Schema.BEYLA_SQL);
        beylaTraces = conn.createAppender("main", Schema.BEYLA_TRACES);
        binaries = conn.createAppender("main", Schema.BINARY_METADATA);
        logs = conn.createAppender("main", Schema.LOGS);
        metricGauges = conn.createAppender("main", Schema.METRICS_GAUGE);
        metricSums = conn.createAppender("main", Schema.METRICS_SUM);
        metricHistograms = conn.createAppender("main", Schema.METRICS_HISTOGRAM);
        metricExpHistograms = conn.createAppender("main", Schema.METRICS_EXP_HISTOGRAM);
        metricSummaries = conn.createAppender("main", Schema.METRICS_SUMMARY);
    }

    /** Flushes the application metric tables' Appenders that took rows in the group (by table name). */
    void flushMetricPoints(Map<String, Integer> added) throws SQLException {
        DuckDBAppender[] appenders = {metricGauges, metricSums, metricHistograms, metricExpHistograms, metricSummaries};
        for (int i = 0; i < appenders.length; i++) {
            if (added.getOrDefault(Schema.METRIC_POINTS.get(i), 0) > 0) {
                appenders[i].flush();
            }
        }
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

    /** Flushes the beyla tables' Appenders that took rows in the group. */
    void flushBeyla(int http, int grpc, int sql, int traces) throws SQLException {
        if (http > 0) {
            beylaHttp.flush();
        }
        if (grpc > 0) {
            beylaGrpc.flush();
        }
        if (sql > 0) {
            beylaSql.flush();
        }
        if (traces > 0) {
            beylaTraces.flush();
        }
    }

    /** Flushes the log table's Appender when it took rows in the group. */
    void flushLogs(int rows) throws SQLException {
        if (rows > 0) {
            logs.flush();
        }
    }

    /**
     * Closes all of them. Closing flushes what an Appender still buffers, so call this while the
     * failed group's transaction is still open: its rows then vanish with the ROLLBACK instead of
     * landing outside any transaction.
     */
    void closeQuietly() {
        for (DuckDBAppender a : new DuckDBAppender[] {spans, metrics, samples, frames, binaries, beylaHttp,
                beylaGrpc, beylaSql, beylaTraces, metricGauges, metricSums, metricHistograms, metricExpHistograms,
                metricSummaries, logs}) {
            try {
                a.close();
            } catch (SQLException | RuntimeException ignored) {
                // a failed appender
            }
        }
    }
}
