package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Rows per second: the store against bare Appender loops writing the same rows into the same schema. */
final class BenchThroughput {
    record Result(long rows, long nanos, long commits) {
        double rowsPerSecond() {
            return rows * 1e9 / nanos;
        }
    }

    private BenchThroughput() {}

    /** The DuckDB ceiling: one thread appends pre-converted rows in one transaction, commits and checkpoints. */
    static Result bareRows(Path file, List<BenchRows.Row> rows, long total) throws Exception {
        return bareRows(file, rows, total, Database.STORAGE_VERSION);
    }

    /** The same into a new file of this DuckDB storage version ({@code latest}: the DuckDB's newest). */
    static Result bareRows(Path file, List<BenchRows.Row> rows, long total, String storageVersion) throws Exception {
        Database db = Database.open(file, TestStores.config(StoreBenchmark.storeConfig()).engine(), storageVersion);
        try {
            DuckDBConnection c = db.writer();
            Schema.create(c);
            long start = System.nanoTime();
            try (Statement s = c.createStatement(); DuckDBAppender a = c.createAppender("main", Schema.SPANS)) {
                s.execute("BEGIN TRANSACTION");
                for (long i = 0; i < total; i++) {
                    BenchRows.append(a, i + 1, rows.get((int) (i % rows.size())));
                }
                a.flush();
                s.execute("COMMIT");
                s.execute("CHECKPOINT");
            }
            return new Result(total, System.nanoTime() - start, 1);
        } finally {
            db.close();
        }
    }

    /** The same loop, converting the OTLP batches with the store's SpanConverter as it goes (one thread). */
    static Result bareConvert(Path file, List<ExportTraceServiceRequest> batches, int count) throws Exception {
        Database db = Database.open(file, TestStores.config(StoreBenchmark.storeConfig()).engine());
        try {
            DuckDBConnection c = db.writer();
            Schema.create(c);
            SpanConverter spans = new SpanConverter();
            long rows = 0;
            long start = System.nanoTime();
            try (Statement s = c.createStatement(); DuckDBAppender a = c.createAppender("main", Schema.SPANS)) {
                s.execute("BEGIN TRANSACTION");
                for (int i = 0; i < count; i++) {
                    SpanRows converted = spans.convert(batches.get(i % batches.size()), System.currentTimeMillis() * 1000);
                    converted.appendTo(a, rows + 1);
                    rows += converted.size();
                }
                a.flush();
                s.execute("COMMIT");
                s.execute("CHECKPOINT");
            }
            return new Result(rows, System.nanoTime() - start, 1);
        } finally {
            db.close();
        }
    }

    /**
     * The store, through {@code consumer(TRACES)}: {@code submitters} threads, each keeping up to
     * {@code window} batches in flight, as concurrent receivers would. Timed from the first
     * submit to the last ack (every batch durable) and a final checkpoint, as the bare loops end with one.
     */
    static Result store(Path dir, List<ExportTraceServiceRequest> batches, int count, int submitters, int window)
            throws Exception {
        return store(dir, batches, count, submitters, window, StoreBenchmark.storeConfig(), List.of());
    }

    /**
     * The same with these store settings, on a file where {@code ddl} (e.g. CREATE INDEX) ran
     * before the store opened it.
     */
    static Result store(Path dir, List<ExportTraceServiceRequest> batches, int count, int submitters, int window,
            String settings, List<String> ddl) throws Exception {
        if (!ddl.isEmpty()) {
            Database db = Database.open(dir.resolve("metrics.duckdb"), TestStores.config(settings).engine());
            try (Statement s = db.writer().createStatement()) {
                Schema.create(db.writer());
                for (String d : ddl) {
                    s.execute(d);
                }
            } finally {
                db.close();
            }
        }
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, settings);
        try {
            BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
            CountDownLatch done = new CountDownLatch(count);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong refused = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < submitters; t++) {
                int first = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    Semaphore inFlight = new Semaphore(window);
                    for (int i = first; i < count; i += submitters) {
                        ExportTraceServiceRequest batch = batches.get(i % batches.size());
                        inFlight.acquireUninterruptibly();
                        submit(consumer, batch, inFlight, done, failure, refused);
                    }
                }));
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("store run did not finish");
            }
            store.checkpointNow(); // as the bare loops: everything in the file, none left in the WAL
            long nanos = System.nanoTime() - start;
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a batch failed", failure.get());
            }
            return new Result(context.telemetry().sum("coral_store_written_spans"), nanos, context.telemetry().sum("coral_store_commits"));
        } finally {
            TestStores.stop(store);
        }
    }

    private static void submit(BatchConsumer<ExportTraceServiceRequest> consumer, ExportTraceServiceRequest batch,
            Semaphore inFlight, CountDownLatch done, AtomicReference<Throwable> failure, AtomicLong refused) {
        consumer.consume(batch).whenComplete((ok, e) -> {
            if (e != null && RefusedException.of(e).reason() == RefusedException.Reason.OVERLOADED) {
                refused.incrementAndGet(); // not expected with window * submitters < queue-size; retry
                submit(consumer, batch, inFlight, done, failure, refused);
                return;
            }
            if (e != null) {
                failure.compareAndSet(null, e);
            }
            inFlight.release();
            done.countDown();
        });
    }
}
