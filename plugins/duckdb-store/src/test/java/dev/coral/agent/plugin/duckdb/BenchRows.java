package dev.coral.agent.plugin.duckdb;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The exact column values the store writes for the benchmark's batches, as plain Java values:
 * converted once by {@link SpanConverter} into a scratch table and read back, so the bare
 * Appender loop appends the same rows without paying for the conversion.
 */
final class BenchRows {
    /** One row of otel_spans_local without seq_id. */
    record Row(long timestampMicros, String traceId, String spanId, String parentSpanId, String service, String name,
            String kind, double durationMs, boolean error, String statusMessage, int httpStatus, String httpMethod,
            String httpRoute, String attributes, long startNanos, long endNanos, String scope, String resource,
            String events, String links, long createdMicros) {}

    private BenchRows() {}

    static List<Row> of(List<ExportTraceServiceRequest> batches, Path scratchDir) throws Exception {
        Path file = scratchDir.resolve("rows-scratch.duckdb");
        // Preparation only, not measured: sorting 200k rows back out needs more than the store's 64 MiB.
        Database db = Database.open(file, new DuckDbStoreConfig.Engine(1L << 30, 2));
        try {
            DuckDBConnection c = db.writer();
            Schema.create(c);
            SpanConverter spans = new SpanConverter();
            try (DuckDBAppender a = c.createAppender("main", Schema.SPANS)) {
                long seq = 1;
                for (ExportTraceServiceRequest b : batches) {
                    SpanRows rows = spans.convert(b, System.currentTimeMillis() * 1000);
                    rows.appendTo(a, seq);
                    seq += rows.size();
                }
            }
            List<Row> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch_us(timestamp), trace_id,"
                    + " span_id, parent_span_id, service_name, span_name, span_kind, duration_ms, is_error, status_message,"
                    + " http_status, http_method, http_route, CAST(attributes AS VARCHAR), start_time_unix_nano,"
                    + " end_time_unix_nano, scope_name, CAST(resource_attributes AS VARCHAR), CAST(events AS VARCHAR),"
                    + " CAST(links AS VARCHAR), epoch_us(created_at) FROM otel_spans_local ORDER BY seq_id")) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getDouble(8), rs.getBoolean(9), rs.getString(10),
                            rs.getInt(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getLong(15),
                            rs.getLong(16), rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20),
                            rs.getLong(21)));
                }
            }
            return out;
        } finally {
            db.close();
            Files.deleteIfExists(file);
        }
    }

    static void append(DuckDBAppender a, long seq, Row r) throws SQLException {
        a.beginRow();
        a.append(seq);
        a.appendEpochMicros(r.timestampMicros());
        a.append(r.traceId());
        a.append(r.spanId());
        a.append(r.parentSpanId());
        a.append(r.service());
        a.append(r.name());
        a.append(r.kind());
        a.append(r.durationMs());
        a.append(r.error());
        a.append(r.statusMessage());
        a.append(r.httpStatus());
        a.append(r.httpMethod());
        a.append(r.httpRoute());
        a.append(r.attributes());
        a.append(r.startNanos());
        a.append(r.endNanos());
        a.append(r.scope());
        a.append(r.resource());
        a.append(r.events());
        a.append(r.links());
        a.appendEpochMicros(r.createdMicros());
        a.endRow();
    }
}
