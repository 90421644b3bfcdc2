package dev.coral.agent.plugin.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local tables (DESIGN.md "Local tables"), created if missing, the database's session id,
 * and the last seq id assigned per table. Seq ids live in {@code seq_state}, updated in the
 * same transaction as the rows, so they stay dense and increasing across restarts even after
 * retention deleted every row.
 */
final class Schema {
    static final String SPANS = "otel_spans_local";
    static final String SYSTEM_METRICS = "system_metrics_local";
    static final String PROFILE_SAMPLES = "cpu_profile_samples_local";
    static final String FRAMES = "profile_frame_dictionary_local";
    static final String BEYLA_HTTP = "beyla_http_metrics_local";
    static final String BEYLA_GRPC = "beyla_grpc_metrics_local";
    static final String BEYLA_SQL = "beyla_sql_metrics_local";
    static final String BEYLA_TRACES = "beyla_traces_local";
    static final String BINARY_METADATA = "binary_metadata_local";
    static final String LOGS = "otel_logs_local";
    static final String METRICS_GAUGE = "otel_metrics_gauge_local";
    static final String METRICS_SUM = "otel_metrics_sum_local";
    static final String METRICS_HISTOGRAM = "otel_metrics_histogram_local";
    static final String METRICS_EXP_HISTOGRAM = "otel_metrics_exponential_histogram_local";
    static final String METRICS_SUMMARY = "otel_metrics_summary_local";
    /** The application metric tables (every OTLP point but system.* gauges and sums), one per point type. */
    static final List<String> METRIC_POINTS = List.of(METRICS_GAUGE, METRICS_SUM, METRICS_HISTOGRAM,
            METRICS_EXP_HISTOGRAM, METRICS_SUMMARY);

    /** Tables with a seq_id, in the order /status lists them. */
    static final List<String> SEQUENCED = List.of(SPANS, BEYLA_HTTP, BEYLA_GRPC, BEYLA_SQL, BEYLA_TRACES,
            SYSTEM_METRICS, PROFILE_SAMPLES, BINARY_METADATA, METRICS_GAUGE, METRICS_SUM, METRICS_HISTOGRAM,
            METRICS_EXP_HISTOGRAM, METRICS_SUMMARY, LOGS);

    /** The columns every otel_metrics_* table has after seq_id, in the order MetricPoints appends them. */
    private static final String METRIC_COLUMNS = "timestamp TIMESTAMP NOT NULL, start_time_unix_nano BIGINT,"
            + " time_unix_nano BIGINT, service_name VARCHAR, metric_name VARCHAR, description VARCHAR, unit VARCHAR,"
            + " attributes JSON, resource_attributes JSON, scope_name VARCHAR, scope_version VARCHAR, flags UINTEGER,"
            + " exemplars JSON,";

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS db_metadata (key VARCHAR PRIMARY KEY, value VARCHAR)",
            "CREATE TABLE IF NOT EXISTS seq_state (table_name VARCHAR PRIMARY KEY, last_seq UBIGINT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS otel_spans_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, trace_id VARCHAR, span_id VARCHAR,
              parent_span_id VARCHAR, service_name VARCHAR, span_name VARCHAR, span_kind VARCHAR,
              duration_ms DOUBLE, is_error BOOLEAN, status_message VARCHAR, http_status INTEGER,
              http_method VARCHAR, http_route VARCHAR, attributes JSON, start_time_unix_nano BIGINT,
              end_time_unix_nano BIGINT, scope_name VARCHAR, resource_attributes JSON, events JSON, links JSON,
              created_at TIMESTAMP NOT NULL, status_code VARCHAR, scope_version VARCHAR)""",
            """
            CREATE TABLE IF NOT EXISTS beyla_http_metrics_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, service_name VARCHAR, http_method VARCHAR,
              http_route VARCHAR, http_status_code UINTEGER, latency_buckets DOUBLE[], latency_counts UBIGINT[],
              request_count UBIGINT, attributes JSON, created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS beyla_grpc_metrics_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, service_name VARCHAR, grpc_method VARCHAR,
              grpc_status_code UINTEGER, latency_buckets DOUBLE[], latency_counts UBIGINT[], request_count UBIGINT,
              attributes JSON, created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS beyla_sql_metrics_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, service_name VARCHAR, sql_operation VARCHAR,
              table_name VARCHAR, latency_buckets DOUBLE[], latency_counts UBIGINT[], query_count UBIGINT,
              attributes JSON, created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS beyla_traces_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, trace_id VARCHAR, span_id VARCHAR,
              parent_span_id VARCHAR, service_name VARCHAR, span_name VARCHAR, span_kind VARCHAR,
              duration_us BIGINT, status_code UINTEGER, attributes JSON, process_pid UINTEGER,
              created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS system_metrics_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, name VARCHAR NOT NULL, value DOUBLE,
              unit VARCHAR, metric_type VARCHAR, attributes JSON, created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS cpu_profile_samples_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, service_name VARCHAR, pid UINTEGER,
              build_id VARCHAR, stack_frame_ids INTEGER[], sample_count UBIGINT, created_at TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS profile_frame_dictionary_local (
              frame_id INTEGER PRIMARY KEY, frame VARCHAR NOT NULL, build_id VARCHAR)""",
            """
            CREATE TABLE IF NOT EXISTS binary_metadata_local (
              seq_id UBIGINT NOT NULL, build_id VARCHAR, path VARCHAR, name VARCHAR, size UBIGINT,
              attributes JSON, created_at TIMESTAMP NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS otel_metrics_gauge_local (seq_id UBIGINT NOT NULL, " + METRIC_COLUMNS
                    + " value DOUBLE, int_value BIGINT, created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE IF NOT EXISTS otel_metrics_sum_local (seq_id UBIGINT NOT NULL, " + METRIC_COLUMNS
                    + " value DOUBLE, int_value BIGINT, aggregation_temporality VARCHAR, is_monotonic BOOLEAN,"
                    + " created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE IF NOT EXISTS otel_metrics_histogram_local (seq_id UBIGINT NOT NULL, " + METRIC_COLUMNS
                    + " aggregation_temporality VARCHAR, count UBIGINT, sum DOUBLE, min DOUBLE, max DOUBLE,"
                    + " bucket_counts UBIGINT[], explicit_bounds DOUBLE[], created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE IF NOT EXISTS otel_metrics_exponential_histogram_local (seq_id UBIGINT NOT NULL, "
                    + METRIC_COLUMNS + " aggregation_temporality VARCHAR, count UBIGINT, sum DOUBLE, min DOUBLE,"
                    + " max DOUBLE, scale INTEGER, zero_count UBIGINT, zero_threshold DOUBLE, positive_offset INTEGER,"
                    + " positive_bucket_counts UBIGINT[], negative_offset INTEGER, negative_bucket_counts UBIGINT[],"
                    + " created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE IF NOT EXISTS otel_metrics_summary_local (seq_id UBIGINT NOT NULL, " + METRIC_COLUMNS
                    + " count UBIGINT, sum DOUBLE, quantiles DOUBLE[], quantile_values DOUBLE[],"
                    + " created_at TIMESTAMP NOT NULL)",
            // timestamp: the record's time, else its observed time, else its arrival (for ordering and
            // retention); the *_unix_nano columns keep both as sent (0: not set). body: see LogConverter.
            """
            CREATE TABLE IF NOT EXISTS otel_logs_local (
              seq_id UBIGINT NOT NULL, timestamp TIMESTAMP NOT NULL, observed_timestamp TIMESTAMP,
              time_unix_nano BIGINT, observed_time_unix_nano BIGINT, trace_id VARCHAR, span_id VARCHAR,
              trace_flags UINTEGER, severity_text VARCHAR, severity_number INTEGER, service_name VARCHAR,
              body VARCHAR, body_type VARCHAR, attributes JSON, resource_attributes JSON, scope_name VARCHAR,
              scope_version VARCHAR, event_name VARCHAR, created_at TIMESTAMP NOT NULL)""",
            // Upgrades: columns added since a table was first created (a file of an older agent gets them).
            // build_id: the binary of a frame's code; NULL in frames stored before it (read as unknown).
            "ALTER TABLE profile_frame_dictionary_local ADD COLUMN IF NOT EXISTS build_id VARCHAR",
            // status_code (UNSET, OK, ERROR) and scope_version: NULL in spans stored before them (is_error still tells ERROR).
            "ALTER TABLE otel_spans_local ADD COLUMN IF NOT EXISTS status_code VARCHAR",
            "ALTER TABLE otel_spans_local ADD COLUMN IF NOT EXISTS scope_version VARCHAR");

    /** The {@code seq_state} row holding the last ingest log record folded (not a table). */
    static final String INGEST_LOG = "ingest_log";

    private Schema() {}

    /** Creates what is missing, in one transaction; returns the session id, created with a new database. */
    static String create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            for (String table : SEQUENCED) {
                s.execute("INSERT INTO seq_state VALUES ('" + table + "', 0) ON CONFLICT DO NOTHING");
            }
            s.execute("INSERT INTO seq_state VALUES ('" + INGEST_LOG + "', 0) ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO db_metadata VALUES ('session_id', '" + UUID.randomUUID()
                    + "') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO db_metadata VALUES ('created_at', CAST(now() AS VARCHAR)) ON CONFLICT DO NOTHING");
            s.execute("COMMIT");
            try (ResultSet rs = s.executeQuery("SELECT value FROM db_metadata WHERE key = 'session_id'")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The last ingest log record folded into the tables ({@link IngestLog}), in the same transaction as its rows. */
    static long foldedLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT last_seq FROM seq_state WHERE table_name = '" + INGEST_LOG + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Records that the ingest log's records up to {@code lsn} are in the tables. */
    static void foldedUpTo(Statement s, long lsn) throws SQLException {
        s.executeUpdate("UPDATE seq_state SET last_seq = greatest(last_seq, " + lsn + ") WHERE table_name = '"
                + INGEST_LOG + "'");
    }

    /** The last seq id committed per table. */
    static Map<String, Long> lastSeqIds(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : SEQUENCED) {
                try (ResultSet rs = s.executeQuery("SELECT greatest((SELECT last_seq FROM seq_state"
                        + " WHERE table_name = '" + table + "'), (SELECT coalesce(max(seq_id), 0) FROM " + table
                        + "))")) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Records the table's highest seq id in {@code seq_state}; call in the transaction that deletes
     * rows from it, before the DELETE, so the last id survives the rows.
     */
    static void keepLastSeqId(Statement s, String table) throws SQLException {
        s.executeUpdate("UPDATE seq_state SET last_seq = greatest(last_seq, (SELECT coalesce(max(seq_id), 0) FROM "
                + table + ")) WHERE table_name = '" + table + "'");
    }
}
