package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.SpanQueries;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * What DuckDB's zone maps give for the store's lookups on about an hour of spans, against ART
 * indexes on timestamp, service_name and trace_id, and what those indexes cost at ingest. Rows
 * arrive in time order (as they do in the agent), 20 services interleaved.
 */
final class BenchIndexes {
    static final List<String> INDEXES = List.of(
            "CREATE INDEX spans_ts ON otel_spans_local (timestamp)",
            "CREATE INDEX spans_service ON otel_spans_local (service_name)",
            "CREATE INDEX spans_trace ON otel_spans_local (trace_id)");
    private static final int RUNS = 15;

    /** One loaded file: its ingest rate and the query medians. */
    record Result(double ingestRowsPerSecond, Map<String, Double> medianMillis, Map<String, String> plans) {}

    private BenchIndexes() {}

    static Result run(Path file, List<BenchRows.Row> rows, int total, boolean indexes, PrintStream log) throws Exception {
        Instant end = Instant.parse("2026-03-01T13:00:00Z");
        long startMicros = (end.getEpochSecond() - 3600) * 1_000_000L;
        long stepMicros = 3_600_000_000L / total;
        DuckDbStoreConfig.Engine engine = TestStores.config(StoreBenchmark.storeConfig()).engine();
        if (indexes) {
            // ART indexes live in memory: three of them over 1M rows do not fit the store's 64 MiB.
            engine = new DuckDbStoreConfig.Engine(Math.max(engine.memoryLimit(), 1L << 30), engine.threads());
        }
        Database db = Database.open(file, engine);
        try {
            DuckDBConnection c = db.writer();
            Schema.create(c);
            try (Statement s = c.createStatement()) {
                if (indexes) {
                    for (String ddl : INDEXES) {
                        s.execute(ddl);
                    }
                }
            }
            List<String> traces = new ArrayList<>();
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement(); DuckDBAppender a = c.createAppender("main", Schema.SPANS)) {
                s.execute("BEGIN TRANSACTION");
                for (int i = 0; i < total; i++) {
                    BenchRows.Row r = rows.get(i % rows.size());
                    // A distinct trace per copy of the row set (the ids stay random, so min/max of a
                    // row group cannot prune them), and time moving forward through the hour.
                    String trace = r.traceId().substring(0, 31) + Integer.toHexString(i / rows.size() & 0xf);
                    if (i % (total / RUNS) == 0) {
                        traces.add(trace);
                    }
                    BenchRows.append(a, i + 1, new BenchRows.Row(startMicros + i * stepMicros, trace, r.spanId(),
                            r.parentSpanId(), r.service(), r.name(), r.kind(), r.durationMs(), r.error(), r.statusMessage(),
                            r.httpStatus(), r.httpMethod(), r.httpRoute(), r.attributes(), r.startNanos(), r.endNanos(),
                            r.scope(), r.resource(), r.events(), r.links(), r.createdMicros()));
                }
                a.flush();
                s.execute("COMMIT");
            }
            double ingest = total * 1e9 / (System.nanoTime() - t0);
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            log.printf("  loaded %,d rows (%s) at %,.0f rows/s; file %,d MB after checkpoint%n", total,
                    indexes ? "3 ART indexes" : "no index", ingest, java.nio.file.Files.size(file) >> 20);

            SpanQueries q = new SpanReader(db, "bench", DuckDbStoreConfig.defaults().queries());
            Map<String, Double> medians = new LinkedHashMap<>();
            medians.put("time range: last 5 min, newest 100", median(() -> q.spansBetween(end.minusSeconds(300), end,
                    List.of(), 100, "")));
            medians.put("time range + service: last 5 min, svc-7, newest 100", median(() -> q.spansBetween(
                    end.minusSeconds(300), end, List.of("svc-7"), 100, "")));
            medians.put("service over the hour: svc-7, newest 100", median(() -> q.spansBetween(end.minusSeconds(3600), end,
                    List.of("svc-7"), 100, "")));
            medians.put("time range, all rows of 1 min (~" + total / 60 / 1000 + "k)", median(() -> q.spansBetween(
                    end.minusSeconds(1800), end.minusSeconds(1740), List.of(), 100_000, "")));
            int[] next = {0};
            medians.put("trace by id", median(() -> q.trace(traces.get(next[0]++ % traces.size()), List.of(), 10_000, "")));
            medians.put("colony poll: 10,000 after a seq id", median(() -> q.spansSince(total / 2, List.of(), 10_000)));
            Map<String, String> plans = new LinkedHashMap<>();
            long from = (end.getEpochSecond() - 300) * 1_000_000L;
            long until = end.getEpochSecond() * 1_000_000L;
            plans.put("time range (last 5 min)", plan(c, "SELECT seq_id FROM otel_spans_local WHERE timestamp >= make_timestamp("
                    + from + ") AND timestamp < make_timestamp(" + until + ") ORDER BY timestamp DESC LIMIT 100"));
            plans.put("service (svc-7, whole hour)", plan(c, "SELECT seq_id FROM otel_spans_local WHERE service_name = 'svc-7'"
                    + " ORDER BY timestamp DESC LIMIT 100"));
            plans.put("trace by id", plan(c, "SELECT * FROM otel_spans_local WHERE trace_id = '" + traces.getFirst() + "'"));
            return new Result(ingest, medians, plans);
        } finally {
            db.close();
        }
    }

    /** The scan EXPLAIN ANALYZE reports: sequential or index, and how many row groups it read. */
    private static String plan(DuckDBConnection c, String sql) throws java.sql.SQLException {
        StringBuilder text = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
            while (rs.next()) {
                text.append(rs.getString(2));
            }
        }
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("Type: ([A-Za-z ]+?) *\u2502").matcher(text);
        java.util.regex.Matcher groups = java.util.regex.Pattern.compile("Row Groups Scanned: (\\d+ / \\d+)").matcher(text);
        return (type.find() ? type.group(1) : "?") + ", row groups read " + (groups.find() ? groups.group(1) : "?");
    }

    private static double median(Supplier<?> query) {
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
