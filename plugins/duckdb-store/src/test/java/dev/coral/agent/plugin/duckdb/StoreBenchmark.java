package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The duckdb store's benchmark (not part of the test suite): run with
 * {@code ./mvnw -B -o -pl plugins/duckdb-store -Pbench -DskipTests verify}. Bounded: a few
 * minutes on 2 cores; every phase prints its progress. Writes the figures to the file named by
 * the first argument as well.
 *
 * <ol>
 *   <li>Throughput: the store through {@code consumer(TRACES)} with concurrent submitters, against
 *       bare DuckDB Appender loops writing the same rows into the same schema, alternating, in rounds.
 *   <li>Latency: batch arrival ({@code consume()}) to commit at 50 % of the store's measured peak.
 *   <li>Retention: the cleanup's pause, deleting half of an hour of spans under light load.
 *   <li>Zone maps vs ART indexes: lookups on ~1M rows, and the ingest cost of the indexes.
 * </ol>
 */
public final class StoreBenchmark {
    private static final int SPANS_PER_BATCH = 100;
    private static final int DISTINCT_BATCHES = 2000;

    private final PrintStream out;
    private final Path work;
    private final int rows = Integer.getInteger("bench.rows", 1_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int latencySeconds = Integer.getInteger("bench.latency.seconds", 20);
    private final int indexRows = Integer.getInteger("bench.index.rows", 1_000_000);
    private final int submitters = Integer.getInteger("bench.submitters", 4);
    private final int window = Integer.getInteger("bench.window", 64);

    /** The store's settings in every run ({@code -Dbench.store="checkpoint-threshold = 64MiB"}); defaults otherwise. */
    static String storeConfig() {
        return System.getProperty("bench.store", "");
    }

    private StoreBenchmark(PrintStream out, Path work) {
        this.out = out;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "target/duckdb-bench.txt");
        Path work = Files.createDirectories(report.toAbsolutePath().getParent().resolve("bench-work"));
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true)) {
            PrintStream both = new PrintStream(new TeeStream(System.out, file), true);
            new StoreBenchmark(both, work).run();
        } finally {
            delete(work);
        }
        System.exit(0); // DuckDB keeps non-daemon native threads in some versions
    }

    private void run() throws Exception {
        out.printf("duckdb store benchmark: %s, %d cores, java %s, %d rows per run, %d rounds, %d submitters x %d in flight%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(), rows, rounds, submitters, window);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<ExportTraceServiceRequest> batches = BenchData.batches(DISTINCT_BATCHES, SPANS_PER_BATCH,
                now - Duration.ofHours(1).toNanos(), Duration.ofHours(1).toNanos());
        out.printf("generated %d distinct batches of %d spans (%,d bytes of OTLP protobuf each on average)%n",
                batches.size(), SPANS_PER_BATCH, batches.stream().mapToLong(ExportTraceServiceRequest::getSerializedSize).sum()
                        / batches.size());
        List<BenchRows.Row> converted = BenchRows.of(batches, work);

        String phases = System.getProperty("bench.phases", "throughput,latency,retention,indexes");
        double peak = phases.contains("throughput") ? throughput(batches, converted)
                : Double.parseDouble(System.getProperty("bench.peak", "40000"));
        if (phases.contains("latency")) {
            latency(batches, peak);
        }
        if (phases.contains("retention")) {
            retention(batches, peak);
        }
        if (phases.contains("indexes")) {
            indexes(batches, converted);
        }
        if (phases.contains("storage")) {
            storageVersions(converted);
        }
        out.println("done");
    }

    /** Returns the store's median rows/s. */
    private double throughput(List<ExportTraceServiceRequest> batches, List<BenchRows.Row> converted) throws Exception {
        out.println();
        out.println("== throughput (rows/s; each run a fresh file; the store's time ends at the last ack) ==");
        int count = rows / SPANS_PER_BATCH;
        out.println("warm-up...");
        BenchThroughput.bareRows(fresh("warm-a").resolve("metrics.duckdb"), converted, rows / 5);
        BenchThroughput.store(fresh("warm-s"), batches, count / 5, submitters, window);
        List<Double> bare = new ArrayList<>();
        List<Double> convert = new ArrayList<>();
        List<Double> store = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            BenchThroughput.Result a = BenchThroughput.bareRows(fresh("a" + r).resolve("metrics.duckdb"), converted, rows);
            BenchThroughput.Result b = BenchThroughput.bareConvert(fresh("b" + r).resolve("metrics.duckdb"), batches, count);
            BenchThroughput.Result s = BenchThroughput.store(fresh("s" + r), batches, count, submitters, window);
            bare.add(a.rowsPerSecond());
            convert.add(b.rowsPerSecond());
            store.add(s.rowsPerSecond());
            out.printf("round %d: bare appender (pre-converted rows) %,.0f | bare appender + OTLP conversion %,.0f |"
                    + " store %,.0f (%d commits for %d batches, %.1f batches/commit)%n", r, a.rowsPerSecond(),
                    b.rowsPerSecond(), s.rowsPerSecond(), s.commits(), count, (double) count / s.commits());
            cleanWork();
        }
        double mBare = median(bare);
        double mConvert = median(convert);
        double mStore = median(store);
        out.printf("median: bare appender %,.0f rows/s | bare appender + conversion %,.0f rows/s | store %,.0f rows/s%n",
                mBare, mConvert, mStore);
        out.printf("store / bare appender = %.0f %% ; store / bare appender + conversion = %.0f %%%n",
                100 * mStore / mBare, 100 * mStore / mConvert);
        return mStore;
    }

    private void latency(List<ExportTraceServiceRequest> batches, double peak) throws Exception {
        double rate = peak / 2;
        out.println();
        out.printf("== latency: batch arrival to commit at 50 %% of peak = %,.0f spans/s (%,.0f batches/s of %d), %d s ==%n",
                rate, rate / SPANS_PER_BATCH, SPANS_PER_BATCH, latencySeconds);
        TestComponentContext context = TestStores.context(fresh("lat"));
        DuckDbStore store = TestStores.start(context, StoreBenchmark.storeConfig());
        try {
            BenchLatency.Result r = BenchLatency.run(store, batches, SPANS_PER_BATCH, rate, latencySeconds, 0, null);
            out.printf("%d batches in %.1f s, failed %d; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
                    + " %d commits (%.1f batches/commit), %d checkpoints (last %.0f ms)%n", r.batches(), r.seconds(),
                    r.failed(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
                    r.percentileMillis(99.9), r.maxMillis(), context.telemetry().sum("coral_store_commits"),
                    (double) r.batches() / context.telemetry().sum("coral_store_commits"),
                    context.telemetry().sum("coral_store_checkpoints"), context.telemetry().gauge("coral_store_last_checkpoint_ms"));
        } finally {
            TestStores.stop(store);
            cleanWork();
        }
    }

    /**
     * Fills an hour of spans, then moves the clock 5 and then 25 more minutes: each cleanup deletes
     * that slice, followed by the checkpoint that frees it; all under 10 % load.
     */
    private void retention(List<ExportTraceServiceRequest> batches, double peak) throws Exception {
        out.println();
        out.println("== retention: cleanup pauses (DELETE, then the checkpoint that frees the rows) under 10 % load ==");
        TestClock clock = new TestClock(Instant.now());
        TestComponentContext context = TestStores.context(fresh("ret"));
        DuckDbStore store = TestStores.start(context, TestStores.config(storeConfig() + "\nretention { spans = 1h }"), clock);
        try {
            BenchLatency.run(store, batches, SPANS_PER_BATCH, peak * 0.8, rows / (peak * 0.8), 0, null);
            store.checkpointNow();
            long before = TestStores.longs(store, "SELECT count(*) FROM otel_spans_local").getFirst();
            List<String> steps = new ArrayList<>();
            BenchLatency.Result r = BenchLatency.run(store, batches, SPANS_PER_BATCH, peak * 0.1, 12, 2, () -> {
                try {
                    for (int minutes : new int[] {5, 25}) {
                        clock.advance(Duration.ofMinutes(minutes));
                        long t = System.nanoTime();
                        long deleted = store.cleanupNow();
                        long cleanup = System.nanoTime() - t;
                        t = System.nanoTime();
                        store.checkpointNow();
                        long checkpoint = System.nanoTime() - t;
                        steps.add(String.format("%d-minute slice: deleted %,d rows, DELETE %.0f ms, then CHECKPOINT %.0f ms",
                                minutes, deleted, cleanup / 1e6, checkpoint / 1e6));
                        Thread.sleep(4000);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            out.printf("%,d rows over an hour%n", before);
            steps.forEach(out::println);
            out.printf("batches meanwhile (10 %% load, %d batches): p50 %.2f ms, p99 %.2f ms, max %.2f ms, failed %d%n",
                    r.batches(), r.percentileMillis(50), r.percentileMillis(99), r.maxMillis(), r.failed());
        } finally {
            TestStores.stop(store);
            cleanWork();
        }
    }

    private void indexes(List<ExportTraceServiceRequest> batches, List<BenchRows.Row> converted) throws Exception {
        out.println();
        out.printf("== zone maps vs ART indexes: %,d spans over one hour, in time order, 20 services ==%n", indexRows);
        BenchIndexes.Result zone = BenchIndexes.run(fresh("zone").resolve("metrics.duckdb"), converted, indexRows, false, out);
        BenchIndexes.Result art = BenchIndexes.run(fresh("art").resolve("metrics.duckdb"), converted, indexRows, true, out);
        out.printf("ingest (one thread, one transaction): no index %,.0f rows/s | timestamp+service_name+trace_id ART"
                + " %,.0f rows/s (%.0f %%)%n", zone.ingestRowsPerSecond(), art.ingestRowsPerSecond(),
                100 * art.ingestRowsPerSecond() / zone.ingestRowsPerSecond());
        out.printf("%-55s %12s %12s%n", "query (median of 15, ms)", "zone maps", "ART");
        for (String q : zone.medianMillis().keySet()) {
            out.printf("%-55s %12.2f %12.2f%n", q, zone.medianMillis().get(q), art.medianMillis().get(q));
        }
        for (String q : zone.plans().keySet()) {
            out.printf("scan of %s: zone maps: %s | ART: %s%n", q, zone.plans().get(q), art.plans().get(q));
        }
        cleanWork();
        // Through the store (group commits, checkpoints that also write the indexes), alternating.
        int count = rows / SPANS_PER_BATCH;
        List<Double> plain = new ArrayList<>();
        List<Double> indexed = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            // ART indexes live in memory: both runs get room for them, so only the indexes differ.
            String roomy = storeConfig() + "\nmemory-limit = 1GiB";
            plain.add(BenchThroughput.store(fresh("plain" + r), batches, count, submitters, window, roomy, List.of())
                    .rowsPerSecond());
            indexed.add(BenchThroughput.store(fresh("indexed" + r), batches, count, submitters, window, roomy,
                    BenchIndexes.INDEXES).rowsPerSecond());
            out.printf("round %d: store ingest without index %,.0f rows/s | with the 3 ART indexes %,.0f rows/s%n", r,
                    plain.getLast(), indexed.getLast());
            cleanWork();
        }
        out.printf("median: store without index %,.0f rows/s | with the 3 ART indexes %,.0f rows/s (%.0f %%)%n",
                median(plain), median(indexed), 100 * median(indexed) / median(plain));
        cleanWork();
    }

    /**
     * The snapshots' storage version (DuckDB 1.x's own format) against the store's (the DuckDB's
     * newest): the bare Appender loop (append, commit, checkpoint) in rows per second of wall time
     * and per second of the process's CPU time (steadier on a shared machine), the file's size,
     * and two scans.
     */
    private void storageVersions(List<BenchRows.Row> converted) throws Exception {
        out.println();
        out.printf("== storage version: %s (snapshots') vs %s (the store's), bare appender, %,d rows, alternating ==%n",
                Snapshots.STORAGE_VERSION, Database.STORAGE_VERSION, rows);
        List<String> versions = List.of(Snapshots.STORAGE_VERSION, Database.STORAGE_VERSION);
        BenchThroughput.bareRows(fresh("warm-v").resolve("metrics.duckdb"), converted, rows / 5);
        java.util.Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Double>> cpuRates = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Double>> scans = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 1; r <= rounds; r++) {
            for (String v : r % 2 == 1 ? versions : versions.reversed()) {
                Path file = fresh("v" + r + v.replace('.', '_')).resolve("metrics.duckdb");
                long cpu = os.getProcessCpuTime();
                BenchThroughput.Result res = BenchThroughput.bareRows(file, converted, rows, v);
                double perCpuSecond = res.rows() * 1e9 / (os.getProcessCpuTime() - cpu);
                rates.computeIfAbsent(v, k -> new ArrayList<>()).add(res.rowsPerSecond());
                cpuRates.computeIfAbsent(v, k -> new ArrayList<>()).add(perCpuSecond);
                sizes.put(v, Files.size(file));
                double scan = scanMillis(file, v);
                scans.computeIfAbsent(v, k -> new ArrayList<>()).add(scan);
                out.printf("round %d: %-8s %,.0f rows/s, %,.0f rows per CPU-second, file %,d bytes, scans %.0f ms%n", r,
                        v, res.rowsPerSecond(), perCpuSecond, Files.size(file), scan);
            }
            cleanWork();
        }
        for (String v : versions) {
            out.printf("median %-8s %,.0f rows/s, %,.0f rows per CPU-second, file %,d bytes, scans %.0f ms%n", v,
                    median(rates.get(v)), median(cpuRates.get(v)), sizes.get(v), median(scans.get(v)));
        }
    }

    /** Two full scans (a group-by and a text search over the JSON attributes), median of 5 each, summed. */
    private static double scanMillis(Path file, String version) throws Exception {
        Database db = Database.open(file, TestStores.config(storeConfig()).engine(), version);
        try {
            double total = 0;
            for (String q : List.of("SELECT service_name, count(*), avg(duration_ms) FROM otel_spans_local GROUP BY 1",
                    "SELECT count(*) FROM otel_spans_local WHERE attributes LIKE '%GET%'")) {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long t = System.nanoTime();
                    db.read(c -> {
                        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(q)) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                        return null;
                    });
                    times.add((System.nanoTime() - t) / 1e6);
                }
                total += median(times);
            }
            return total;
        } finally {
            db.close();
        }
    }

    private Path fresh(String name) throws IOException {
        Path dir = work.resolve(name);
        delete(dir);
        return Files.createDirectories(dir);
    }

    private void cleanWork() throws IOException {
        try (Stream<Path> dirs = Files.list(work)) {
            for (Path d : dirs.toList()) {
                delete(d);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Writes to two streams (console and report file). */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
