package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBatch;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Writes one group of batches in one explicit DuckDB transaction: appends every row through the
 * Appenders with the next seq ids of its table and commits once. Seq ids become used only when
 * the COMMIT returns, so a group that fails leaves no rows and no gap. The rows themselves carry
 * the last id ({@link Schema#lastSeqIds}); {@code seq_state} keeps it only for rows that
 * retention deletes. Writer thread only.
 */
final class GroupTransaction {
    /**
     * Rows a committed group added.
     *
     * @param unkeptMetrics metrics of the group's requests that no table keeps: those without data (see
     *     {@link MetricPointConverter})
     * @param ebpfRows rows of the four beyla tables
     * @param metricPoints rows of the five otel_metrics tables (application metrics)
     */
    record Committed(int spans, int points, int samples, int unkeptMetrics, int ebpfRows, int metricPoints,
            int logs, long foldedLsn) {}

    /** DuckDB says the data is durable but a checkpoint behind the COMMIT failed (auto-checkpoint). */
    private static final String DURABLE = "COMMIT succeeded and is durable";

    private final Database db;
    private final SeqIds seqIds;
    private final ProfileAppender profiles;
    private final MetricAppender metricRows;
    private TableAppenders appenders;

    GroupTransaction(Database db, SeqIds seqIds, ProfileAppender profiles, ValueLimits limits) {
        this.db = db;
        this.seqIds = seqIds;
        this.profiles = profiles;
        this.metricRows = new MetricAppender(limits);
    }

    /**
     * Commits {@code group} or throws; on a throw nothing of the group is stored.
     *
     * @return what was added, once the COMMIT made it durable
     */
    Committed write(List<PendingBatch> group) throws WriteFailure {
        DuckDBConnection conn;
        Map<String, Long> last;
        int spans = 0;
        int points = 0;
        int samples = 0;
        int binaries = 0;
        int unkept = 0;
        boolean profileBatches = false; // new frames may come without samples
        int http = 0;
        int grpc = 0;
        int sql = 0;
        int traces = 0;
        Map<String, Integer> metricPoints = new HashMap<>(); // per otel_metrics table
        int logs = 0;
        long lsn = 0; // the group's last ingest log record: the log's records are folded in order
        try {
            conn = db.writer();
            execute(conn, "BEGIN TRANSACTION");
        } catch (SQLException e) {
            throw new WriteFailure(WriteFailure.Stage.COMMIT, e);
        }
        try {
            if (appenders == null) {
                appenders = new TableAppenders(conn);
            }
            long created = System.currentTimeMillis() * 1000;
            for (PendingBatch p : group) {
                lsn = Math.max(lsn, p.lsn());
                switch (p.content()) {
                    case PendingBatch.Spans(SpanRows rows) -> {
                        rows.appendTo(appenders.spans, seqIds.peek(Schema.SPANS) + spans + 1);
                        spans += rows.size();
                    }
                    case PendingBatch.Metrics(ExportMetricsServiceRequest request, MetricPoints app) -> {
                        points += metricRows.append(appenders.metrics, request,
                                seqIds.peek(Schema.SYSTEM_METRICS) + points + 1, created);
                        app.appendGauges(appenders.metricGauges, next(Schema.METRICS_GAUGE, metricPoints));
                        app.appendSums(appenders.metricSums, next(Schema.METRICS_SUM, metricPoints));
                        app.appendHistograms(appenders.metricHistograms, next(Schema.METRICS_HISTOGRAM, metricPoints));
                        app.appendExponentialHistograms(appenders.metricExpHistograms,
                                next(Schema.METRICS_EXP_HISTOGRAM, metricPoints));
                        app.appendSummaries(appenders.metricSummaries, next(Schema.METRICS_SUMMARY, metricPoints));
                        app.counts().forEach((table, n) -> metricPoints.merge(table, n, Integer::sum));
                        unkept += app.unkeptMetrics;
                    }
                    case PendingBatch.Profiles(ProfileBatch batch) -> {
                        profileBatches = true;
                        ProfileAppender.Appended added = profiles.append(appenders, batch,
                                seqIds.peek(Schema.PROFILE_SAMPLES) + samples + 1,
                                seqIds.peek(Schema.BINARY_METADATA) + binaries + 1, created);
                        samples += added.samples();
                        binaries += added.binaries();
                    }
                    case PendingBatch.Ebpf(EbpfRows rows) -> {
                        rows.appendHttp(appenders.beylaHttp, seqIds.peek(Schema.BEYLA_HTTP) + http + 1);
                        rows.appendGrpc(appenders.beylaGrpc, seqIds.peek(Schema.BEYLA_GRPC) + grpc + 1);
                        rows.appendSql(appenders.beylaSql, seqIds.peek(Schema.BEYLA_SQL) + sql + 1);
                        rows.appendSpans(appenders.beylaTraces, seqIds.peek(Schema.BEYLA_TRACES) + traces + 1);
                        http += rows.httpCount();
                        grpc += rows.grpcCount();
                        sql += rows.sqlCount();
                        traces += rows.spanCount();
                    }
                    case PendingBatch.Logs(LogRows rows) -> {
                        rows.appendTo(appenders.logs, seqIds.peek(Schema.LOGS) + logs + 1);
                        logs += rows.size();
                    }
                }
            }
            Map<String, Integer> added = new HashMap<>(Map.of(Schema.SPANS, spans, Schema.SYSTEM_METRICS, points,
                    Schema.PROFILE_SAMPLES, samples, Schema.BINARY_METADATA, binaries, Schema.BEYLA_HTTP, http,
                    Schema.BEYLA_GRPC, grpc, Schema.BEYLA_SQL, sql, Schema.BEYLA_TRACES, traces));
            added.putAll(metricPoints);
            added.put(Schema.LOGS, logs);
            last = lastSeqIds(added);
            appenders.flush(spans > 0, points > 0, profileBatches);
            appenders.flushBeyla(http, grpc, sql, traces);
            appenders.flushMetricPoints(metricPoints);
            appenders.flushLogs(logs);
            if (lsn > 0) {
                try (Statement s = conn.createStatement()) {
                    Schema.foldedUpTo(s, lsn);
                }
            }
        } catch (SQLException | RuntimeException e) {
            abort(conn);
            throw new WriteFailure(WriteFailure.Stage.APPEND, e);
        }
        try {
            execute(conn, "COMMIT");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains(DURABLE)) {
                abort(conn);
                throw new WriteFailure(WriteFailure.Stage.COMMIT, e);
            }
            // Committed: the caller sees the instance invalidated at its next step and reopens it.
        }
        seqIds.advance(last);
        profiles.committed();
        return new Committed(spans, points, samples, unkept, http + grpc + sql + traces,
                metricPoints.values().stream().mapToInt(Integer::intValue).sum(), logs, lsn);
    }

    /** Records alone that the log's records up to {@code lsn} need no fold (a batch dropped as unstorable). */
    void foldedUpTo(long lsn) throws SQLException {
        try (Statement s = db.writer().createStatement()) {
            Schema.foldedUpTo(s, lsn);
        }
    }

    /** The connection was replaced (reopened): Appenders of the old one are gone. */
    void forgetConnection() {
        appenders = null;
    }

    /** The first seq id of {@code table}'s next rows in this group, after those already appended. */
    private long next(String table, Map<String, Integer> appended) {
        return seqIds.peek(table) + appended.getOrDefault(table, 0) + 1;
    }

    /** The last seq id of each table the group added rows to. */
    private Map<String, Long> lastSeqIds(Map<String, Integer> added) {
        Map<String, Long> last = new HashMap<>();
        added.forEach((table, rows) -> {
            if (rows > 0) {
                last.put(table, seqIds.peek(table) + rows);
            }
        });
        return last;
    }

    /** Undoes the open transaction: Appenders closed first (see {@link TableAppenders#closeQuietly}). */
    private void abort(DuckDBConnection conn) {
        if (appenders != null) {
            appenders.closeQuietly();
            appenders = null;
        }
        try {
            execute(conn, "ROLLBACK");
        } catch (SQLException ignored) {
            // a failed COMMIT has already ended the transaction
        }
        profiles.rolledBack();
    }

    private static void execute(DuckDBConnection conn, String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }
}
