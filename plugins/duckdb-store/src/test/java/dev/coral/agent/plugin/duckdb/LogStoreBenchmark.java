package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Log records through the duckdb store (not part of the test suite): run with
 * {@code ./mvnw -B -o -pl plugins/duckdb-store -am -Pbench-logs -DskipTests verify}. Rounds alternate
 * the same number of log records and of spans (the store's reference path) through
 * {@code consume()} with concurrent submitters, each on a fresh file, and print rows/s.
 */
public final class LogStoreBenchmark {
    private static final int PER_BATCH = 100;
    private static final int DISTINCT_BATCHES = 1000;

    private LogStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 300_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int submitters = Integer.getInteger("bench.submitters", 4);
        int window = Integer.getInteger("bench.window", 64);
        Path report = Path.of(args.length > 0 ? args[0] : "target/log-store-bench.txt");
        Path work = Files.createDirectories(report.toAbsolutePath().getParent().resolve("log-bench-work"));
        try (PrintStream file = new PrintStream(Files.newOutputStream(report), true)) {
            PrintStream out = new PrintStream(new StoreBenchmark.TeeStream(System.out, file), true);
            out.printf("log store benchmark: %s, %d cores, java %s, %,d rows per run, %d rounds, %d submitters x %d"
                    + " in flight%n", Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    rows, rounds, submitters, window);
            long now = System.currentTimeMillis() * 1_000_000L;
            List<ExportLogsServiceRequest> logs = logBatches(now - Duration.ofHours(1).toNanos());
            List<ExportTraceServiceRequest> spans = BenchData.batches(DISTINCT_BATCHES, PER_BATCH,
                    now - Duration.ofHours(1).toNanos(), Duration.ofHours(1).toNanos());
            out.printf("batches of %d: log records %,d bytes of OTLP on average, spans %,d%n", PER_BATCH,
                    logs.stream().mapToLong(ExportLogsServiceRequest::getSerializedSize).sum() / logs.size(),
                    spans.stream().mapToLong(ExportTraceServiceRequest::getSerializedSize).sum() / spans.size());
            run(work.resolve("warm"), Signal.LOGS, logs, rows / 5 / PER_BATCH, submitters, window);
            List<Double> logRates = new ArrayList<>();
            List<Double> spanRates = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                double l = run(work.resolve("logs" + r), Signal.LOGS, logs, rows / PER_BATCH, submitters, window);
                double s = BenchThroughput.store(Files.createDirectories(work.resolve("spans" + r)), spans,
                        rows / PER_BATCH, submitters, window).rowsPerSecond();
                logRates.add(l);
                spanRates.add(s);
                out.printf("round %d: log records %,.0f rows/s | spans %,.0f rows/s%n", r, l, s);
            }
            out.printf("median: log records %,.0f rows/s | spans %,.0f rows/s%n", median(logRates), median(spanRates));
        } finally {
            delete(work);
        }
        System.exit(0); // DuckDB keeps non-daemon native threads in some versions
    }

    /** Log records as an application's: a line of text, four attributes, a trace context on most. */
    static List<ExportLogsServiceRequest> logBatches(long startNanos) {
        SplittableRandom random = new SplittableRandom(42);
        String[] services = {"checkout", "cart", "payments", "search", "mailer"};
        String[] lines = {"payment declined for order %d: card expired", "cart %d updated with 3 items",
                "search for '%d' answered in 12 ms", "mail %d queued for delivery", "order %d shipped"};
        List<ExportLogsServiceRequest> out = new ArrayList<>(DISTINCT_BATCHES);
        for (int b = 0; b < DISTINCT_BATCHES; b++) {
            String service = services[b % services.length];
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            scope.getScopeBuilder().setName("com.shop." + service).setVersion("1.4.2");
            for (int i = 0; i < PER_BATCH; i++) {
                int order = random.nextInt(1_000_000);
                LogRecord.Builder r = scope.addLogRecordsBuilder()
                        .setTimeUnixNano(startNanos + (long) b * 3_600_000_000L + i * 1000L)
                        .setObservedTimeUnixNano(startNanos + (long) b * 3_600_000_000L + i * 1000L + 500)
                        .setSeverityNumberValue(random.nextInt(10) < 8 ? 9 : 13)
                        .setSeverityText(random.nextInt(10) < 8 ? "INFO" : "WARN")
                        .setBody(string(String.format(lines[b % lines.length], order)))
                        .addAttributes(kv("order.id", AnyValue.newBuilder().setIntValue(order).build()))
                        .addAttributes(kv("thread.name", string("http-nio-8080-exec-" + random.nextInt(16))))
                        .addAttributes(kv("code.function", string("handle")))
                        .addAttributes(kv("user.tier", string(random.nextBoolean() ? "gold" : "free")));
                if (random.nextInt(10) < 8) {
                    byte[] trace = new byte[16];
                    byte[] span = new byte[8];
                    random.nextBytes(trace);
                    random.nextBytes(span);
                    r.setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span)).setFlags(1);
                }
            }
            out.add(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", string(service)))
                            .addAttributes(kv("host.name", string("web-" + b % 3)))
                            .addAttributes(kv("telemetry.sdk.language", string("java"))))
                    .addScopeLogs(scope)).build());
        }
        return out;
    }

    /** Rows/s of {@code count} batches through the store's consumer, to the last acknowledgement and a checkpoint. */
    private static <T> double run(Path dir, Signal<T> signal, List<T> batches, int count, int submitters, int window)
            throws Exception {
        Files.createDirectories(dir);
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, StoreBenchmark.storeConfig());
        try {
            BatchConsumer<T> consumer = store.consumer(signal);
            CountDownLatch done = new CountDownLatch(count);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int first = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    Semaphore inFlight = new Semaphore(window);
                    for (int i = first; i < count; i += submitters) {
                        inFlight.acquireUninterruptibly();
                        submit(consumer, batches.get(i % batches.size()), inFlight, done, failure);
                    }
                }));
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("store run did not finish");
            }
            store.checkpointNow();
            long nanos = System.nanoTime() - start;
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a batch failed", failure.get());
            }
            return context.telemetry().sum("coral_store_written_log_records") * 1e9 / nanos;
        } finally {
            TestStores.stop(store);
        }
    }

    private static <T> void submit(BatchConsumer<T> consumer, T batch, Semaphore inFlight, CountDownLatch done,
            AtomicReference<Throwable> failure) {
        consumer.consume(batch).whenComplete((ok, e) -> {
            if (e != null && RefusedException.of(e).reason() == RefusedException.Reason.OVERLOADED) {
                submit(consumer, batch, inFlight, done, failure); // not expected below queue-size; retry
                return;
            }
            if (e != null) {
                failure.compareAndSet(null, e);
            }
            inFlight.release();
            done.countDown();
        });
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
