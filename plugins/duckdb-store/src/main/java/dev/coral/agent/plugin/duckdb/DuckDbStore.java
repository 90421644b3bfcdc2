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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code duckdb} store: opens {@code <data-dir>/<file>}, creates the tables, replays its
 * {@link IngestLog} ({@code <file>.ingest/}), takes traces, metrics and logs through that log and
 * the rest straight to the {@link GroupCommitWriter}, schedules {@link Retention}, and answers
 * queries on their own connections to the same database (DuckDB allows that in one process;
 * another process cannot open the file while the agent holds it, hence {@link Snapshots}). A
 * query first waits for the fold of what was acknowledged before it, so answers never miss an
 * acknowledged batch.
 */
final class DuckDbStore implements Store, StorageStats {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);
    /** The longest a query waits for the fold of acknowledged batches before it reads what DuckDB has. */
    private static final Duration READ_FOLD_WAIT = Duration.ofSeconds(5);
    /** The longest a batch waits for room among the batches not folded yet before it is refused. */
    private static final Duration MAX_PENDING_WAIT = Duration.ofSeconds(5);
    /** How often max-size is checked (when set); retention has its own interval. */
    private static final Duration SIZE_CHECK = Duration.ofMinutes(1);

    private final ComponentContext context;
    private final DuckDbStoreConfig config;
    private final Clock clock;
    private final Path file;
    private final ValueLimits limits;
    private final ProcessServiceIndex processServices = new ProcessServiceIndex();
    private final BatchContents contents;
    private Database db;
    private volatile GroupCommitWriter writer;
    private volatile IngestLog log;
    private volatile LoggedIntake intake;
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
        this.contents = new BatchContents(limits, processServices);
    }

    @Override
    public <T> BatchConsumer<T> consumer(Signal<T> signal) {
        if (!BatchContents.kept(signal)) {
            throw new IllegalArgumentException("the duckdb store does not keep " + signal);
        }
        return batch -> {
            GroupCommitWriter w = writer;
            LoggedIntake logged = intake;
            if (w == null) {
                return CompletableFuture.failedFuture(RefusedException.unavailable("duckdb store is not running"));
            }
            if (logged != null && LogSegments.holds(signal)) {
                return logged.submit(signal, batch);
            }
            return w.submit(() -> contents.of(signal, batch, System.currentTimeMillis() * 1000));
        };
    }

    @Override
    public void start(Host host) throws Exception {
        ProfileAppender profiles = new ProfileAppender();
        boolean newFile;
        try {
            Files.createDirectories(file.getParent());
            newFile = !Files.exists(file);
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
        DuckDbStoreConfig.IngestLog logConfig = config.ingestLog();
        PendingBudget budget = new PendingBudget(logConfig.maxPending(), MAX_PENDING_WAIT);
        long folded = Schema.foldedLsn(db.writer());
        if (newFile) {
            LogReplay.discard(logDir(), file);
        }
        LogReplay.Result replay = logConfig.enabled() || Files.isDirectory(logDir())
                ? LogReplay.run(logDir(), folded, logConfig.foldRows(), contents::ofRecord, tx)
                : new LogReplay.Result(folded, 0);
        folded = Math.max(folded, Schema.foldedLsn(db.writer()));
        GroupCommitWriter w = new GroupCommitWriter(db, tx, conn -> {
            seqIds.advance(Schema.lastSeqIds(conn));
            profiles.load(conn);
        }, config, budget, folded, context.telemetry(), context.status());
        if (logConfig.enabled()) {
            IngestLog l = new IngestLog(logDir(), Math.max(replay.lastLsn(), folded), logConfig.segmentSize(), w::fold,
                    w::foldedLsn, budget, w.metrics(), new IngestLog.Health() {
                        @Override
                        public void failed(String problem) {
                            w.ingestLogFailed(problem);
                        }

                        @Override
                        public void recovered() {
                            w.ingestLogRecovered();
                        }
                    });
            l.start();
            log = l;
            intake = new LoggedIntake(l, budget, w, contents);
            db.readBarrier(() -> awaitFolded(w, l));
        }
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

    /** {@code <data-dir>/<file>.ingest}: the ingest log's segments. */
    private Path logDir() {
        return file.resolveSibling(file.getFileName() + ".ingest");
    }

    private static void awaitFolded(GroupCommitWriter w, IngestLog l) {
        try {
            if (!w.awaitFolded(l.syncedLsn(), READ_FOLD_WAIT)) {
                LOG.debug("query reads before the fold of acknowledged batches: the writer is behind");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        IngestLog l = log;
        if (l != null) {
            l.close(deadline); // what it acknowledged reaches the writer, or stays in the log for the next start
        }
        GroupCommitWriter w = writer;
        boolean finished = w == null || w.close(deadline);
        if (intake != null) {
            intake.close();
        }
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
        long logBytes = 0;
        try {
            for (Path segment : LogSegments.list(logDir())) {
                logBytes += Files.size(segment);
            }
        } catch (IOException ignored) {
            // a segment deleted after its fold meanwhile
        }
        if (logBytes > 0) {
            out.add(new FileStats(logDir().getFileName() + "/", logBytes));
        }
        return out;
    }
}
