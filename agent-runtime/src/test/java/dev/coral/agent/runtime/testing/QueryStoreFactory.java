package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.NoSettings;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.EbpfRow;
import dev.coral.agent.api.query.EbpfTotal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.api.telemetry.Counter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Store type "query-memory": keeps spans in memory and offers every query capability the API
 * reads, so API tests exercise routing, codecs, limits and errors without a database. Dense
 * seq ids per table and a session id that {@link QueryStore#recreate()} renews, as the real
 * store's contract says, and pages bounded by a byte budget
 * ({@link QueryStore#pageBytes}) with offset page tokens. System metrics, profile rows and eBPF rows are added by tests directly; the one
 * "database" served for {@code /duckdb/} is a file of known bytes the test writes.
 */
public final class QueryStoreFactory implements FactoryProvider {
    public static final String DB = "metrics.duckdb";

    private final List<QueryStore> created = new CopyOnWriteArrayList<>();

    public List<QueryStore> created() {
        return created;
    }

    @Override
    public StoreFactory<NoSettings> factory() {
        return StoreFactory.builder("query-memory", NoSettings::defaults, NoSettings::read)
                .traces(Stability.STABLE)
                .build((context, config) -> {
                    QueryStore store = new QueryStore(context);
                    created.add(store);
                    return store;
                });
    }

    /** What a row counts for in a page besides its text, as in the duckdb store. */
    static final long ROW_BYTES = 128;

    /** A created store; its methods are synchronized, as the API calls them from several threads. */
    public static final class QueryStore implements Store, SpanQueries, SystemMetricQueries, ProfileQueries,
            EbpfQueries, DatabaseSnapshots, StorageStats {
        private final Path file;
        private final Counter written;
        private final StatusReporter status;
        private final List<SpanRow> spans = new ArrayList<>();
        private final List<SystemMetricRow> metrics = new ArrayList<>();
        private final List<ProfileSampleRow> profiles = new ArrayList<>();
        private final List<EbpfRow<HttpRed>> http = new ArrayList<>();
        private final List<EbpfRow<GrpcRed>> grpc = new ArrayList<>();
        private final List<EbpfRow<SqlRed>> sql = new ArrayList<>();
        private final List<EbpfRow<EbpfSpan>> ebpfSpans = new ArrayList<>();
        private String sessionId = UUID.randomUUID().toString();
        private String readFailure;
        private long pageBytes = 4L << 20;

        QueryStore(ComponentContext context) {
            this.file = context.dataDir().resolve(DB);
            this.written = context.telemetry().counter("coral_store_written_spans", "Spans committed to the store");
            this.status = context.status();
        }

        @Override
        public void start(Host host) throws IOException {
            Files.createDirectories(file.getParent());
        }

        @Override
        public <T> BatchConsumer<T> consumer(Signal<T> signal) {
            return batch -> {
                List<SpanRow> rows = SpanRows.of((ExportTraceServiceRequest) batch);
                add(rows);
                written.add(rows.size());
                return CompletableFuture.completedFuture(null);
            };
        }

        private synchronized void add(List<SpanRow> rows) {
            for (SpanRow r : rows) {
                spans.add(SpanRows.withSeq(r, spans.size() + 1));
            }
        }

        /** Forgets everything and takes a new session id, as a recreated database does. */
        public synchronized void recreate() {
            spans.clear();
            metrics.clear();
            profiles.clear();
            http.clear();
            grpc.clear();
            sql.clear();
            ebpfSpans.clear();
            sessionId = UUID.randomUUID().toString();
        }

        /** Writes the bytes served as {@code /duckdb/metrics.duckdb}. */
        public void writeDatabase(byte[] content) throws IOException {
            Files.write(file, content);
        }

        public synchronized void addMetric(long timestampMs, String name, double value, String unit,
                String attributesJson) {
            metrics.add(new SystemMetricRow(metrics.size() + 1, timestampMs, name, value, unit, "gauge",
                    attributesJson));
        }

        public synchronized void addProfileSample(long timestampMs, String service, int pid, String buildId,
                List<String> framesInnermostFirst, long count) {
            profiles.add(new ProfileSampleRow(profiles.size() + 1, timestampMs, service, pid, buildId,
                    framesInnermostFirst, count));
        }

        /** Adds eBPF rows, each table numbering its own, as the ebpf signal would. */
        public synchronized void addEbpf(EbpfBatch batch) {
            batch.http().forEach(r -> http.add(new EbpfRow<>(http.size() + 1, r)));
            batch.grpc().forEach(r -> grpc.add(new EbpfRow<>(grpc.size() + 1, r)));
            batch.sql().forEach(r -> sql.add(new EbpfRow<>(sql.size() + 1, r)));
            batch.spans().forEach(r -> ebpfSpans.add(new EbpfRow<>(ebpfSpans.size() + 1, r)));
        }

        @Override
        public synchronized Page<EbpfRow<HttpRed>> httpSince(long afterSeqId, Collection<String> services, int limit) {
            return since(http, afterSeqId, services, r -> r.serviceName(), limit);
        }

        @Override
        public synchronized Page<EbpfRow<GrpcRed>> grpcSince(long afterSeqId, Collection<String> services, int limit) {
            return since(grpc, afterSeqId, services, r -> r.serviceName(), limit);
        }

        @Override
        public synchronized Page<EbpfRow<SqlRed>> sqlSince(long afterSeqId, Collection<String> services, int limit) {
            return since(sql, afterSeqId, services, r -> r.serviceName(), limit);
        }

        @Override
        public synchronized Page<EbpfRow<EbpfSpan>> traceSpansSince(long afterSeqId, Collection<String> services,
                int limit) {
            return since(ebpfSpans, afterSeqId, services, r -> r.serviceName(), limit);
        }

        @Override
        public synchronized Page<EbpfRow<EbpfSpan>> traceSpansSince(String traceId, long afterSeqId,
                Collection<String> services, int limit) {
            return since(ebpfSpans.stream().filter(r -> r.value().traceId().equalsIgnoreCase(traceId)).toList(),
                    afterSeqId, services, r -> r.serviceName(), limit);
        }

        @Override
        public synchronized Page<EbpfRow<HttpRed>> httpBetween(Instant from, Instant until,
                Collection<String> services, int limit, String pageToken) {
            return between(http, from, until, services, r -> r.serviceName(), r -> r.timestampMillis(), limit,
                    pageToken);
        }

        @Override
        public synchronized Page<EbpfRow<GrpcRed>> grpcBetween(Instant from, Instant until,
                Collection<String> services, int limit, String pageToken) {
            return between(grpc, from, until, services, r -> r.serviceName(), r -> r.timestampMillis(), limit,
                    pageToken);
        }

        @Override
        public synchronized Page<EbpfRow<SqlRed>> sqlBetween(Instant from, Instant until, Collection<String> services,
                int limit, String pageToken) {
            return between(sql, from, until, services, r -> r.serviceName(), r -> r.timestampMillis(), limit,
                    pageToken);
        }

        @Override
        public synchronized List<EbpfTotal<HttpRed>> httpTotals(Instant from, Instant until,
                Collection<String> services, int limit) {
            return totals(http, from, until, services, limit, r -> List.of(r.serviceName(), r.method(), r.route(),
                    r.statusCode()), r -> r.serviceName(), HttpRed::timestampMillis, HttpRed::latency,
                    HttpRed::requestCount, (r, h, n, at) -> new HttpRed(at, r.serviceName(), r.method(), r.route(),
                            r.statusCode(), h, n, Map.of()));
        }

        @Override
        public synchronized List<EbpfTotal<GrpcRed>> grpcTotals(Instant from, Instant until,
                Collection<String> services, int limit) {
            return totals(grpc, from, until, services, limit, r -> List.of(r.serviceName(), r.method(), r.statusCode()),
                    r -> r.serviceName(), GrpcRed::timestampMillis, GrpcRed::latency, GrpcRed::requestCount,
                    (r, h, n, at) -> new GrpcRed(at, r.serviceName(), r.method(), r.statusCode(), h, n, Map.of()));
        }

        @Override
        public synchronized List<EbpfTotal<SqlRed>> sqlTotals(Instant from, Instant until, Collection<String> services,
                int limit) {
            return totals(sql, from, until, services, limit, r -> List.of(r.serviceName(), r.operation(), r.table()),
                    r -> r.serviceName(), SqlRed::timestampMillis, SqlRed::latency, SqlRed::queryCount,
                    (r, h, n, at) -> new SqlRed(at, r.serviceName(), r.operation(), r.table(), h, n, Map.of()));
        }

        /** A row like {@code first} holding the sums. */
        private interface Summed<T> {
            T of(T first, LatencyHistogram latency, long count, long timestampMillis);
        }

        /** Rows of the range grouped by key and bounds and summed, the busiest first, as the duckdb store does. */
        private <T> List<EbpfTotal<T>> totals(List<EbpfRow<T>> rows, Instant from, Instant until,
                Collection<String> services, int limit, Function<T, List<Object>> key, Function<T, String> service,
                ToLongFunction<T> millis, Function<T, LatencyHistogram> latency, ToLongFunction<T> count,
                Summed<T> summed) {
            Map<List<Object>, List<T>> groups = new java.util.LinkedHashMap<>();
            for (EbpfRow<T> r : rows) {
                T v = r.value();
                if (within(millis.applyAsLong(v), from, until) && in(services, service.apply(v))) {
                    List<Object> k = new ArrayList<>(key.apply(v));
                    k.add(java.util.Arrays.toString(latency.apply(v).boundsMs()));
                    groups.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                }
            }
            List<EbpfTotal<T>> out = new ArrayList<>();
            for (List<T> group : groups.values()) {
                T first = group.getFirst();
                long[] counts = new long[latency.apply(first).counts().length];
                long n = 0;
                long at = 0;
                for (T v : group) {
                    long[] c = latency.apply(v).counts();
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] += c[i];
                    }
                    n += count.applyAsLong(v);
                    at = Math.max(at, millis.applyAsLong(v));
                }
                out.add(new EbpfTotal<>(summed.of(first, new LatencyHistogram(latency.apply(first).boundsMs(), counts),
                        n, at), group.size()));
            }
            out.sort(Comparator.comparingLong((EbpfTotal<T> t) -> count.applyAsLong(t.sum())).reversed());
            return out.subList(0, Math.min(limit, out.size()));
        }

        private <T> Page<EbpfRow<T>> since(List<EbpfRow<T>> rows, long afterSeqId, Collection<String> services,
                Function<T, String> service, int limit) {
            return page(rows.stream().filter(r -> Long.compareUnsigned(r.seqId(), afterSeqId) > 0
                    && in(services, service.apply(r.value()))).toList(), EbpfRow::seqId, r -> ROW_BYTES, limit, "");
        }

        private <T> Page<EbpfRow<T>> between(List<EbpfRow<T>> rows, Instant from, Instant until,
                Collection<String> services, Function<T, String> service, ToLongFunction<T> millis, int limit,
                String pageToken) {
            return page(rows.stream().filter(r -> within(millis.applyAsLong(r.value()), from, until)
                    && in(services, service.apply(r.value()))).toList(), EbpfRow::seqId, r -> ROW_BYTES, limit,
                    pageToken);
        }

        @Override
        public synchronized Page<SpanRow> spansSince(long afterSeqId, Collection<String> services, int limit) {
            return page(spans.stream().filter(r -> Long.compareUnsigned(r.seqId(), afterSeqId) > 0 && in(services, r.serviceName())).toList(),
                    SpanRow::seqId, QueryStore::bytes, limit, "");
        }

        @Override
        public synchronized Page<SpanRow> spansBetween(Instant from, Instant until, Collection<String> services,
                int limit, String pageToken) {
            return page(spans.stream().filter(r -> within(r.timestampMillis(), from, until)
                            && in(services, r.serviceName()))
                    .sorted(Comparator.comparingLong(SpanRow::timestampMillis).thenComparingLong(SpanRow::seqId)
                            .reversed()).toList(), SpanRow::seqId, QueryStore::bytes, limit, pageToken);
        }

        @Override
        public synchronized Page<SpanRow> trace(String traceId, Collection<String> services, int limit,
                String pageToken) {
            return page(spans.stream().filter(r -> r.traceId().equals(traceId) && in(services, r.serviceName()))
                    .sorted(Comparator.comparingLong(SpanRow::startTimeUnixNano)).toList(), SpanRow::seqId,
                    QueryStore::bytes, limit, pageToken);
        }

        @Override
        public synchronized Map<String, Long> servicesBetween(Instant from, Instant until) {
            Map<String, Long> out = new TreeMap<>();
            spans.stream().filter(r -> within(r.timestampMillis(), from, until))
                    .forEach(r -> out.merge(r.serviceName(), r.timestampMillis(), Math::max));
            return out;
        }

        @Override
        public synchronized Page<SystemMetricRow> metricsSince(long afterSeqId, Collection<String> names, int limit) {
            return page(metrics.stream().filter(r -> Long.compareUnsigned(r.seqId(), afterSeqId) > 0 && in(names, r.name())).toList(),
                    SystemMetricRow::seqId, r -> ROW_BYTES + r.attributesJson().length(), limit, "");
        }

        @Override
        public synchronized Page<SystemMetricRow> metricsBetween(Instant from, Instant until, Collection<String> names,
                int limit, String pageToken) {
            return page(metrics.stream().filter(r -> within(r.timestampMillis(), from, until) && in(names, r.name()))
                    .toList(), SystemMetricRow::seqId, r -> ROW_BYTES + r.attributesJson().length(), limit, pageToken);
        }

        @Override
        public synchronized Page<ProfileSampleRow> samplesSince(long afterSeqId, String service, int limit) {
            return page(profiles.stream().filter(r -> Long.compareUnsigned(r.seqId(), afterSeqId) > 0
                    && (service.isEmpty() || service.equals(r.serviceName()))).toList(), ProfileSampleRow::seqId,
                    QueryStore::bytes, limit, "");
        }

        @Override
        public synchronized Page<ProfileSampleRow> samplesBetween(Instant from, Instant until, String service,
                int limit, String pageToken) {
            return page(profiles.stream().filter(r -> within(r.timestampMillis(), from, until)
                    && (service.isEmpty() || service.equals(r.serviceName()))).toList(), ProfileSampleRow::seqId,
                    QueryStore::bytes, limit, pageToken);
        }

        @Override
        public List<String> databases() {
            return List.of(DB);
        }

        @Override
        public Optional<Path> snapshot(String name) {
            return name.equals(DB) && Files.exists(file) ? Optional.of(file) : Optional.empty();
        }

        @Override
        public synchronized String sessionId() {
            return sessionId;
        }

        /**
         * From now on {@link #tables()} fails, and the store reports DEGRADED, as a store does that
         * cannot read its database; null: works again (OK).
         */
        public synchronized void failReads(String reason) {
            readFailure = reason;
            status.report(reason == null ? StatusReporter.Health.OK : StatusReporter.Health.DEGRADED,
                    reason == null ? "reads again" : reason);
        }

        @Override
        public synchronized List<TableStats> tables() {
            if (readFailure != null) {
                throw new IllegalStateException(readFailure);
            }
            return List.of(new TableStats("otel_spans_local", spans.size(), spans.size()),
                    new TableStats("system_metrics_local", metrics.size(), metrics.size()));
        }

        @Override
        public List<FileStats> files() {
            try {
                return List.of(new FileStats(DB, Files.exists(file) ? Files.size(file) : 0));
            } catch (IOException e) {
                return List.of(new FileStats(DB, 0));
            }
        }

        /** Sets the byte budget of a page, as the duckdb store's query.page-bytes does. */
        public synchronized void pageBytes(long bytes) {
            pageBytes = bytes;
        }

        /**
         * Rows of {@code ordered} from the token's offset, while within the limit and the byte budget
         * (the first row always); the next token is the offset after them.
         */
        private <R> Page<R> page(List<R> ordered, ToLongFunction<R> seq, ToLongFunction<R> size, int limit,
                String pageToken) {
            int start = offset(pageToken);
            List<R> rows = new ArrayList<>();
            long bytes = 0;
            for (int i = start; i < ordered.size() && rows.size() < limit; i++) {
                long b = size.applyAsLong(ordered.get(i));
                if (!rows.isEmpty() && bytes + b > pageBytes) {
                    break;
                }
                bytes += b;
                rows.add(ordered.get(i));
            }
            int next = start + rows.size();
            return new Page<>(rows, rows.stream().mapToLong(seq).max().orElse(0), sessionId,
                    next < ordered.size() && !rows.isEmpty() ? "o" + next : "");
        }

        private static int offset(String token) {
            if (token.isEmpty()) {
                return 0;
            }
            try {
                if (token.startsWith("o")) {
                    return Integer.parseInt(token.substring(1));
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new IllegalArgumentException("page token '" + token + "' was not given by this query");
        }

        private static long bytes(SpanRow r) {
            return ROW_BYTES + r.attributes().entrySet().stream()
                    .mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
        }

        private static long bytes(ProfileSampleRow r) {
            return ROW_BYTES + r.stackFrames().stream().mapToLong(String::length).sum();
        }

        private static boolean in(Collection<String> wanted, String value) {
            return wanted.isEmpty() || wanted.contains(value);
        }

        private static boolean within(long millis, Instant from, Instant until) {
            return millis >= from.toEpochMilli() && millis < until.toEpochMilli();
        }
    }
}
