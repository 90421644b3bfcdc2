package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.query.DatabaseSnapshots;
import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.MetricQueries;
import dev.coral.agent.api.query.LogQueries;
import dev.coral.agent.api.query.ProcessServices;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.api.query.SystemMetricQueries;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code duckdb} store: opens {@code <data-dir>/<file>}, creates the tables, writes through
 * the {@link GroupCommitWriter}, schedules {@link Retention}, and answers queries on their own
 * connections to the same database (DuckDB allows that in one process; another process cannot
 * open the file while the agent holds it, hence {@link Snapshots}).
 */
final class DuckDbStore implements Store, StorageStats {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);
    /** How often max-size is checked (when set); retention has its own interval. */
    private static final Duration SIZE_CHECK = Duration.ofMinutes(1);

    private final ComponentContext context;
    private final DuckDbStoreConfig config;
    private final Clock clock;
    private final Path file;
    private final ValueLimits limits;
    private final ProcessServiceIndex processServices = new ProcessServiceIndex();
    private Database db;
    private volatile GroupCommitWriter writer;
    private ScheduledExecutorService scheduler;
    private Retention retention;
    private String sessionId;
    private SeqIds seqIds;
    private SpanReader spans;
    private MetricReader metrics;
    private ProfileReader profileQueries;
    private EbpfReader ebpf;
    private MetricPointReader metricPoints;
    private LogReader logs;
    private Snapshots snapshots;

    DuckDbStore(ComponentContext context, DuckDbStoreConfig config) {
        this(context, config, Clock.systemUTC());
    }

    /** With the clock retention measures age by (tests move it). */
    DuckDbStore(ComponentContext context, DuckDbStoreConfig config, Clock clock) {
        this.context = context;
        this.config = config;
        this.clock = clock;
        this.file = context.dataDir().resolve(config.file());
        this.limits = new ValueLimits(config.limits().maxValueLength(), config.limits().maxAttributesLength(),
                context.telemetry().counter("coral_store_truncated_values",
                        "Values cut to max-value-length, and attribute lists cut to max-attributes-length."));
    }

    @Override
    public <T> BatchConsumer<T> consumer(Signal<T> signal) {
        Function<T, PendingBatch.Content> content = contentOf(signal);
        return batch -> {
            GroupCommitWriter w = writer;
            if (w == null) {
                return CompletableFuture.failedFuture(RefusedException.unavailable("duckdb store is not running"));
            }
            return w.submit(() -> content.apply(batch));
        };
    }

    /**
     * What the writer appends for a batch of {@code signal}. Spans become rows here, on the
     * caller's thread (the writer calls this once the batch has a place in its queue), so the one
     * writer thread only appends and the conversion runs in parallel across receivers.
     */
    private <T> Function<T, PendingBatch.Content> contentOf(Signal<T> signal) {
        if (signal == Signal.TRACES) {
            return batch -> {
                ExportTraceServiceRequest spans = Signal.TRACES.batchType().cast(batch);
                processServices.observe(spans);
                return new PendingBatch.Spans(new SpanConverter(limits).convert(spans, System.currentTimeMillis() * 1000));
            };
        }
        if (signal == Signal.METRICS) {
            return batch -> {
                ExportMetricsServiceRequest request = Signal.METRICS.batchType().cast(batch);
                return new PendingBatch.Metrics(request, new MetricPointConverter(limits).convert(request,
                        System.currentTimeMillis() * 1000));
            };
        }
        if (signal == Signal.PROFILES) {
            return batch -> new PendingBatch.Profiles(Signal.PROFILES.batchType().cast(batch));
        }
        if (signal == Signal.EBPF) {
            return batch -> new PendingBatch.Ebpf(EbpfRows.of(Signal.EBPF.batchType().cast(batch), limits,
                    System.currentTimeMillis() * 1000));
        }
        if (signal == Signal.LOGS) {
            return batch -> new PendingBatch.Logs(new LogConverter(limits).convert(Signal.LOGS.batchType().cast(batch),
                    System.currentTimeMillis() * 1000));
        }
        throw new IllegalArgumentException("the duckdb store does not keep " + signal);
    }

    @Override
    public void start(Host host) throws Exception {
        ProfileAppender profiles = new ProfileAppender();
        try {
            Files.createDirectories(file.getParent());
            db = Database.open(file, config.engine());
            sessionId = Schema.create(db.writer());
            seqIds = new SeqIds(Schema.lastSeqIds(db.writer()));
            profiles.load(db.writer());
        } catch (IOException | SQLException e) {
            if (db != null) {
                db.close();
            }
            // DuckDB's own message rarely says which file, and "No space left" alone names no disk.
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        spans = new SpanReader(db, sessionId, config.queries());
        metrics = new MetricReader(db, sessionId, config.queries());
        profileQueries = new ProfileReader(db, sessionId, config.queries());
        ebpf = new EbpfReader(db, sessionId, config.queries());
        metricPoints = new MetricPointReader(db, sessionId, config.queries());
        logs = new LogReader(db, sessionId, config.queries());
        snapshots = new Snapshots(db, context.dataDir(), config.file(), config.snapshotRefresh());
        retention = new Retention(config, clock, profiles, db::walBytes, context.telemetry());
        GroupTransaction tx = new GroupTransaction(db, seqIds, profiles, limits);
        GroupCommitWriter w = new GroupCommitWriter(db, tx, conn -> {
            seqIds.advance(Schema.lastSeqIds(conn));
            profiles.load(conn);
        }, config, context.telemetry(), context.status());
        w.start();
        writer = w;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("coral-duckdb-schedule")
                .daemon(true).factory());
        long every = config.cleanupInterval().toMillis();
        scheduler.scheduleAtFixedRate(() -> w.runOnWriter(retention::run), every, every, TimeUnit.MILLISECONDS);
        if (config.maxSize() > 0) {
            long check = Math.min(every, SIZE_CHECK.toMillis());
            scheduler.scheduleAtFixedRate(() -> w.runOnWriter(retention::enforceMaxSize), check, check,
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("duckdb store open file={} session_id={} spans_seq={}", file, sessionId, seqIds.peek(Schema.SPANS));
    }

    /** Runs a retention cleanup now, on the writer thread, and waits for it. For tests and operators. */
    long cleanupNow() throws Exception {
        long[] deleted = new long[1];
        await(writer.runOnWriter(conn -> deleted[0] = retention.run(conn)));
        return deleted[0];
    }

    /** Applies max-size now, on the writer thread, and waits; returns the rows dropped. */
    long enforceMaxSizeNow() throws Exception {
        long[] deleted = new long[1];
        await(writer.runOnWriter(conn -> deleted[0] = retention.enforceMaxSize(conn)));
        return deleted[0];
    }

    /** Folds the WAL into the file now, on the writer thread, and waits. */
    void checkpointNow() throws Exception {
        await(writer.runOnWriter(conn -> {
            try (Statement s = conn.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }));
    }

    private static void await(CompletableFuture<Void> done) throws Exception {
        try {
            done.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the duckdb writer did not run the task within a minute", e);
        }
    }

    GroupCommitWriter writer() {
        return writer;
    }

    /** Runs {@code query} on a reader connection: for tests and diagnostics. */
    <T> T read(Database.SqlFunction<java.sql.Connection, T> query) throws SQLException {
        return db.read(query);
    }

    @Override
    public void shutdown(Deadline deadline) throws Exception {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        GroupCommitWriter w = writer;
        boolean finished = w == null || w.close(deadline);
        if (db != null) {
            db.close(); // interrupts the writer's statement when it did not finish
        }
        LOG.info("duckdb store closed file={} writer_finished={}", file, finished);
    }

    @Override
    public <Q> Optional<Q> capability(Class<Q> type) {
        Object impl = null;
        if (type == SpanQueries.class) {
            impl = spans;
        } else if (type == SystemMetricQueries.class) {
            impl = metrics;
        } else if (type == MetricQueries.class) {
            impl = metricPoints;
        } else if (type == EbpfQueries.class) {
            impl = ebpf;
        } else if (type == LogQueries.class) {
            impl = logs;
        } else if (type == ProfileQueries.class) {
            impl = profileQueries;
        } else if (type == DatabaseSnapshots.class) {
            impl = snapshots;
        } else if (type == StorageStats.class) {
            impl = this;
        } else if (type == ProcessServices.class) {
            impl = processServices;
        }
        return Optional.ofNullable(impl).map(type::cast);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public List<TableStats> tables() {
        try {
            return db.read(c -> {
                List<TableStats> out = new ArrayList<>();
                try (Statement s = c.createStatement()) {
                    for (String table : Schema.SEQUENCED) {
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                            rs.next();
                            out.add(new TableStats(table, rs.getLong(1), seqIds.peek(table)));
                        }
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("table stats failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<FileStats> files() {
        List<FileStats> out = new ArrayList<>();
        for (Path p : new Path[] {file, file.resolveSibling(file.getFileName() + ".wal")}) {
            try {
                if (Files.exists(p)) {
                    out.add(new FileStats(p.getFileName().toString(), Files.size(p)));
                }
            } catch (IOException ignored) {
                // the WAL may vanish at a checkpoint
            }
        }
        return out;
    }
}
