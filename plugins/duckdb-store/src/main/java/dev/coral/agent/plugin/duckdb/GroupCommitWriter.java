package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.telemetry.Telemetry;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Batches wait in a queue; the writer takes every batch waiting and
 * commits them together in one {@link GroupTransaction}. Two kinds of batch share it:
 * <ul>
 * <li><b>Logged</b> batches (traces, metrics, logs while {@code ingest-log} is on): the
 * {@link IngestLog} acknowledged them already; the writer <em>folds</em> them, gathering for up
 * to {@code fold-interval} or {@code fold-rows}, so DuckDB commits about once a second whatever
 * the senders do. The fold records the last lsn it holds in the same transaction. A fold the
 * store cannot write (a full disk) is kept and tried again; the senders meanwhile meet the
 * {@link PendingBudget}.
 * <li><b>Awaited</b> batches (profiles, eBPF, and everything with the log off) wait in a bounded
 * queue (full: refused as OVERLOADED, before the batch is converted) for their commit; their
 * futures complete after it, on a thread of their own, so what callers chained to them never
 * holds up the next group. Without the log, groups gather as {@link CommitPacing} says.
 * </ul>
 *
 * <p>Failures: a group whose rows could not be appended is retried batch by batch, so a bad
 * batch fails alone. A failed COMMIT (disk full, unwritable WAL) fails the group's batches;
 * the next group simply tries again, so the store recovers as soon as the cause goes away. When
 * DuckDB invalidated the instance (a failed checkpoint), the writer reopens the database, at
 * most once a second while that fails. Maintenance (retention, checkpoints) runs on this thread
 * between groups, so it never contends with appends.
 */
final class GroupCommitWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long REOPEN_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a failed checkpoint (a full disk), commits go on into the WAL; try again only after this. */
    private static final long CHECKPOINT_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The retry hint when the store cannot write (disk full, broken database): long enough to matter. */
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(5);
    /** How often the writer checks that the file at the path is still the one it writes (one stat). */
    private static final long FILE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Work for the writer thread between groups, on the writer's connection. */
    @FunctionalInterface
    interface Maintenance {
        void run(DuckDBConnection conn) throws SQLException;
    }

    private record Task(Maintenance work, CompletableFuture<Void> done) {}

    /**
     * How long an idle writer sleeps: it has file checks and checkpoint retries to make. Batches,
     * maintenance and close wake it at once, so an idle agent's writer wakes ~once in two seconds.
     */
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Queued to wake the writer for maintenance or close; never written. */
    private static final PendingBatch WAKE = PendingBatch.awaited(null, 0);
    /** How often a gathering fold looks whether a query asked for it ({@link #awaitFolded}). */
    private static final long FOLD_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Database db;
    private final GroupTransaction tx;
    private final Maintenance afterReopen;
    private final BlockingQueue<PendingBatch> queue = new LinkedBlockingQueue<>();
    /** Places for awaited batches: taken before a batch is converted, given back as the writer takes it out. */
    private final Semaphore places;
    /** Null without the ingest log. */
    private final DuckDbStoreConfig.IngestLog fold;
    private final PendingBudget budget;
    private final Object folds = new Object();
    private volatile long foldedLsn;
    private volatile boolean foldAsked;
    /** Set while the ingest log cannot write (it reports so itself); keeps the store from reporting OK. */
    private volatile String ingestLogProblem;
    /** True while a transaction is being written: what a crash test kills the process in. */
    private volatile boolean writing;
    private final int queueSize;
    private final ConcurrentLinkedQueue<Task> maintenance = new ConcurrentLinkedQueue<>();
    private final int maxGroup;
    private final CommitPacing pacing;
    private final long checkpointThreshold;
    private final WriterMetrics metrics;
    private final StatusReporter status;
    private final Thread thread;
    private final ExecutorService acks = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("coral-duckdb-acks").daemon(true).factory());
    private volatile boolean closing;
    private volatile boolean terminated;
    private boolean healthy = true;
    private String brokenCause;
    private long nextReopenNanos;
    private boolean checkpointFailing;
    private long nextCheckpointNanos;
    private long nextFileCheckNanos = System.nanoTime();
    /** Set while the data file was deleted or replaced under the open database ({@link Database#fileProblem}). */
    private String fileProblem;

    /**
     * @param afterReopen reloads what the writer keeps in memory (seq ids, frame dictionary) from a reopened database
     */
    GroupCommitWriter(Database db, GroupTransaction tx, Maintenance afterReopen, DuckDbStoreConfig config,
            PendingBudget budget, long foldedLsn, Telemetry telemetry, StatusReporter status) {
        this.db = db;
        this.tx = tx;
        this.afterReopen = afterReopen;
        this.fold = config.ingestLog().enabled() ? config.ingestLog() : null;
        this.budget = budget;
        this.foldedLsn = foldedLsn;
        this.places = new Semaphore(config.queueSize());
        this.queueSize = config.queueSize();
        this.maxGroup = config.maxGroup();
        this.pacing = new CommitPacing(config.commitDelay(), System.nanoTime());
        this.checkpointThreshold = config.checkpointThreshold();
        this.metrics = new WriterMetrics(telemetry, queue::size, config.queueSize(), pacing::gathering,
                budget::used);
        this.status = status;
        this.thread = Thread.ofPlatform().name("coral-duckdb-writer").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    WriterMetrics metrics() {
        return metrics;
    }

    /**
     * Queues a batch; the future completes after its commit. Never blocks. {@code content} makes
     * the batch what the writer appends (spans become rows), on the caller's thread and only once
     * the batch has a place in the queue: a full queue refuses before paying for the conversion.
     */
    CompletableFuture<Void> submit(Supplier<PendingBatch.Content> content) {
        if (closing) {
            return CompletableFuture.failedFuture(RefusedException.unavailable("duckdb store is shutting down"));
        }
        if (!places.tryAcquire()) {
            metrics.refusedBatches.increment();
            return CompletableFuture.failedFuture(RefusedException.overloaded(
                    "duckdb store write queue is full (" + queueSize + " batches waiting)", Duration.ofSeconds(1)));
        }
        PendingBatch p;
        try {
            p = PendingBatch.awaited(content.get(), System.nanoTime());
        } catch (RuntimeException e) {
            places.release();
            return CompletableFuture.failedFuture(new RefusedException(RefusedException.Reason.INVALID,
                    "duckdb store cannot read the batch: " + e, null, e));
        }
        queue.add(p); // never full: p holds a place
        // The writer may have ended between the check above and the add: nobody would take p.
        if (terminated && queue.remove(p)) {
            p.done().completeExceptionally(RefusedException.unavailable("duckdb store stopped"));
        }
        return p.done();
    }

    /** Takes a batch the ingest log made durable, in lsn order. Never blocks: the {@link PendingBudget} bounds them. */
    void fold(PendingBatch logged) {
        queue.add(logged);
    }

    /** The last ingest log record in DuckDB. */
    long foldedLsn() {
        return foldedLsn;
    }

    /** True while the writer is inside a transaction (a fold, or a group commit). */
    boolean writing() {
        return writing;
    }

    /** Asks the writer to fold what waits now rather than at its interval. */
    void askFold() {
        foldAsked = true;
    }

    /**
     * Waits until the ingest log's records up to {@code lsn} are in DuckDB, asking the writer to
     * fold now rather than at its interval: a query then sees every batch acknowledged before it.
     * False when that took longer than {@code max} (the store cannot write); the query goes on
     * with what DuckDB has.
     */
    boolean awaitFolded(long lsn, Duration max) throws InterruptedException {
        if (foldedLsn >= lsn || Thread.currentThread() == thread) {
            return true;
        }
        long end = System.nanoTime() + max.toNanos();
        synchronized (folds) {
            while (foldedLsn < lsn) {
                long left = end - System.nanoTime();
                if (left <= 0 || terminated) {
                    return false;
                }
                foldAsked = true;
                TimeUnit.NANOSECONDS.timedWait(folds, left);
            }
        }
        return true;
    }

    /** Runs {@code work} on the writer thread between groups; the future tells when it is done. */
    CompletableFuture<Void> runOnWriter(Maintenance work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (terminated) {
            done.completeExceptionally(new IllegalStateException("duckdb writer stopped"));
            return done;
        }
        maintenance.add(new Task(work, done));
        queue.add(WAKE);
        return done;
    }

    /**
     * Stops taking batches, commits what is queued and ends the thread, by {@code deadline}. False
     * when the thread is still busy at the deadline (a long statement): it is told to stop, fails
     * what is still queued as soon as that statement returns, and the caller closing the database
     * interrupts the statement.
     */
    boolean close(Deadline deadline) throws InterruptedException {
        closing = true;
        queue.add(WAKE);
        if (thread.join(deadline.remaining())) {
            return true;
        }
        thread.interrupt(); // takes nothing more from the queue
        LOG.warn("duckdb writer did not finish by the shutdown deadline queued={}", queue.size());
        return false;
    }

    private void run() {
        // Logged batches whose fold failed for the store's own trouble stay in the group, first.
        List<PendingBatch> group = new ArrayList<>();
        long retryAt = 0;
        try {
            while (true) {
                runMaintenance();
                checkFileIfDue();
                if (group.isEmpty()) {
                    PendingBatch first = next(Math.min(IDLE_WAIT_NANOS, Math.max(0, nextFileCheckNanos - System.nanoTime())));
                    if (first == null) {
                        if (closing) {
                            break;
                        }
                        if (checkpointFailing) {
                            checkpointIfDue(); // health comes back without waiting for the next batch
                        }
                        continue;
                    }
                    took(first);
                    group.add(first);
                } else if (System.nanoTime() - retryAt < 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(retryAt - System.nanoTime(), FOLD_POLL_NANOS * 5));
                    continue;
                }
                gather(group, deadline(group.get(0)));
                int batches = group.size();
                foldAsked = false;
                List<PendingBatch> kept = write(group, true);
                if (fold == null) {
                    pacing.written(batches, System.nanoTime());
                }
                group.clear();
                group.addAll(kept);
                retryAt = System.nanoTime() + REOPEN_BACKOFF_NANOS;
                checkpointIfDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("duckdb writer stopped error=\"{}\"", e.toString(), e);
            status.report(Health.FAILED, "writer stopped: " + e.getMessage());
        } finally {
            terminated = true;
            synchronized (folds) {
                folds.notifyAll();
            }
            failRemaining(group);
            acks.shutdown();
            try {
                acks.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** When the group starting with {@code first} is written: a fold waits its interval, pacing says for the rest. */
    private long deadline(PendingBatch first) {
        return fold != null ? first.arrivedNanos() + fold.foldInterval().toNanos() : pacing.deadline(first.arrivedNanos());
    }

    /** The next queued batch, waiting at most {@code nanos}; null when none came or a wake-up did. */
    private PendingBatch next(long nanos) throws InterruptedException {
        PendingBatch p = nanos > 0 ? queue.poll(nanos, TimeUnit.NANOSECONDS) : queue.poll();
        while (p == WAKE) {
            p = queue.poll();
        }
        return p;
    }

    /** A batch left the queue: an awaited one gives its place back. */
    private void took(PendingBatch p) {
        if (!p.isLogged()) {
            places.release();
        }
    }

    /**
     * Fills {@code group} with what waits, up to a full group, and keeps taking arrivals until
     * {@code deadline} ({@code fold-interval} with the ingest log, {@link CommitPacing} without),
     * a full group, or a fold that is {@link #urgent}. A backlog (its first batch arrived long
     * ago) is written at once.
     */
    private void gather(List<PendingBatch> group, long deadline) throws InterruptedException {
        int rows = 0;
        for (PendingBatch p : group) {
            rows += p.rows();
        }
        while (!closing) {
            for (PendingBatch p; !full(group, rows) && (p = next(0)) != null; ) {
                took(p);
                group.add(p);
                rows += p.rows();
            }
            long left = deadline - System.nanoTime();
            if (full(group, rows) || left <= 0 || urgent()) {
                return;
            }
            PendingBatch next = next(fold == null ? left : Math.min(left, FOLD_POLL_NANOS));
            if (next != null) {
                took(next);
                group.add(next);
                rows += next.rows();
            }
        }
        for (PendingBatch p; (p = next(0)) != null; ) { // closing: everything queued goes now
            took(p);
            group.add(p);
        }
    }

    /** As large as one transaction should be: {@code fold-rows} rows, or {@code max-group} batches without the log. */
    private boolean full(List<PendingBatch> group, int rows) {
        return fold == null ? group.size() >= maxGroup : rows >= fold.foldRows();
    }

    /** A fold must not wait for its interval: a query waits for it, or the pending batches fill half the budget. */
    private boolean urgent() {
        return fold != null && (foldAsked || budget.hasWaiters() || budget.used() >= budget.max() / 2);
    }

    /**
     * Writes {@code group} in one transaction, or batch by batch when one of them is bad.
     *
     * @return the logged batches to fold again later (the store could not write them)
     */
    private List<PendingBatch> write(List<PendingBatch> group, boolean mayRetry) {
        if (!ensureOpen()) {
            return failed(group, storageRefusal("duckdb store could not write " + db.file()
                    + " (database closed after a fatal error, reopening): " + brokenCause, null));
        }
        group = withoutFolded(group);
        if (group.isEmpty()) {
            return List.of();
        }
        try {
            writing = true;
            GroupTransaction.Committed c;
            try {
                c = tx.write(group);
            } finally {
                writing = false;
            }
            metrics.commits.increment();
            metrics.writtenSpans.add(c.spans());
            metrics.writtenPoints.add(c.points() + c.metricPoints());
            metrics.writtenSamples.add(c.samples());
            metrics.writtenEbpfRows.add(c.ebpfRows());
            metrics.writtenLogRecords.add(c.logs());
            metrics.unkeptMetrics.add(c.unkeptMetrics());
            if (!healthy) {
                healthy = true;
                LOG.info("duckdb store writes again file={}", db.file().getFileName());
                reportHealth("writing again");
            }
            long now = System.nanoTime();
            List<PendingBatch> awaited = new ArrayList<>();
            for (PendingBatch p : group) {
                if (p.isLogged()) {
                    budget.give(p.pendingBytes());
                } else {
                    metrics.ackWait.record((now - p.arrivedNanos()) / 1e9);
                    awaited.add(p);
                }
            }
            folded(c.foldedLsn());
            acks.execute(() -> awaited.forEach(p -> p.done().complete(null)));
            return List.of();
        } catch (WriteFailure f) {
            metrics.writeErrors.increment();
            if (f.invalidated()) {
                markBroken(f.getMessage());
                if (mayRetry && ensureOpen()) {
                    return write(group, false); // nothing of the group was stored: try once on the reopened database
                }
            } else if (f.stage() == WriteFailure.Stage.APPEND && group.size() > 1) {
                // One bad batch must not fail the others: write them one by one. Once a logged batch
                // must be kept, the logged ones after it are kept too: folds follow the log's order.
                List<PendingBatch> kept = new ArrayList<>();
                for (PendingBatch p : group) {
                    if (p.isLogged() && !kept.isEmpty()) {
                        kept.add(p);
                    } else {
                        kept.addAll(write(List.of(p), mayRetry));
                    }
                }
                return kept;
            }
            return failed(group, refusal(f));
        }
    }

    /** {@code group} without the logged batches DuckDB holds already (see {@link #ensureOpen}). */
    private List<PendingBatch> withoutFolded(List<PendingBatch> group) {
        long folded = foldedLsn;
        if (group.stream().noneMatch(p -> p.isLogged() && p.lsn() <= folded)) {
            return group;
        }
        List<PendingBatch> left = new ArrayList<>();
        for (PendingBatch p : group) {
            if (p.isLogged() && p.lsn() <= folded) {
                budget.give(p.pendingBytes());
            } else {
                left.add(p);
            }
        }
        return left;
    }

    /** The ingest log's records up to {@code lsn} are in DuckDB: queries waiting for them may go on. */
    private void folded(long lsn) {
        if (lsn > foldedLsn) {
            synchronized (folds) {
                foldedLsn = lsn;
                folds.notifyAll();
            }
        }
    }

    /**
     * A bad batch is INVALID (400, not retried); the store's own trouble (disk full, DuckDB out of
     * memory, an invalidated instance) is UNAVAILABLE with a retry hint (503), which OTLP clients
     * retry, so they keep the data until the store takes it again.
     */
    private RefusedException refusal(WriteFailure f) {
        String message = "duckdb store could not write " + db.file() + ": " + f.getMessage();
        if (f.blamesTheData()) {
            return new RefusedException(RefusedException.Reason.INVALID, message, null, f.getCause());
        }
        return storageRefusal(message, f.getCause());
    }

    private static RefusedException storageRefusal(String message, Throwable cause) {
        return new RefusedException(RefusedException.Reason.UNAVAILABLE, message, STORAGE_RETRY_AFTER, cause);
    }

    /**
     * Fails the awaited batches of {@code group}. Logged ones were acknowledged: those the store
     * could not write are kept for the next try; one whose data DuckDB refuses is dropped, counted
     * and logged (it was checked when converted, so this is rare), and the fold moves past it.
     */
    private List<PendingBatch> failed(List<PendingBatch> group, RefusedException refused) {
        List<PendingBatch> awaited = new ArrayList<>();
        List<PendingBatch> kept = new ArrayList<>();
        for (PendingBatch p : group) {
            if (!p.isLogged()) {
                awaited.add(p);
            } else if (refused.reason() == RefusedException.Reason.INVALID) {
                dropLogged(p, refused);
            } else {
                kept.add(p);
            }
        }
        metrics.failedBatches.add(awaited.size());
        if (healthy) {
            healthy = false;
            LOG.warn("duckdb store write failed batches={} error=\"{}\"", group.size(), refused.getMessage());
        }
        if (!(kept.isEmpty() && awaited.isEmpty() && refused.reason() == RefusedException.Reason.INVALID)) {
            status.report(Health.DEGRADED, withFileProblem(refused.getMessage()));
        }
        acks.execute(() -> awaited.forEach(p -> p.done().completeExceptionally(refused)));
        return kept;
    }

    private void dropLogged(PendingBatch p, RefusedException refused) {
        metrics.failedBatches.increment();
        budget.give(p.pendingBytes());
        LOG.error("duckdb store dropped an acknowledged batch it cannot store lsn={} error=\"{}\"", p.lsn(),
                refused.getMessage());
        try {
            tx.foldedUpTo(p.lsn());
            folded(p.lsn());
        } catch (SQLException e) {
            // Not recorded: a restart replays the batch, and drops it again.
            LOG.debug("cannot record the dropped batch as folded lsn={} error=\"{}\"", p.lsn(), e.getMessage());
        }
    }

    private void markBroken(String cause) {
        brokenCause = cause;
        nextReopenNanos = System.nanoTime();
        tx.forgetConnection();
    }

    /** True when the database can take writes, reopening it first if DuckDB invalidated it. */
    private boolean ensureOpen() {
        if (brokenCause == null) {
            return true;
        }
        if (System.nanoTime() - nextReopenNanos < 0) {
            return false;
        }
        try {
            db.reopen();
            afterReopen.run(db.writer());
            // A COMMIT reported failed may have been durable after all: what it folded is not folded twice.
            folded(Schema.foldedLsn(db.writer()));
            metrics.reopens.increment();
            LOG.info("duckdb database reopened file={} after=\"{}\"", db.file().getFileName(), brokenCause);
            brokenCause = null;
            return true;
        } catch (SQLException e) {
            brokenCause = e.getMessage();
            nextReopenNanos = System.nanoTime() + REOPEN_BACKOFF_NANOS;
            LOG.debug("duckdb reopen failed error=\"{}\"", e.getMessage());
            return false;
        }
    }

    private void runMaintenance() {
        for (Task task; (task = maintenance.poll()) != null; ) {
            try {
                if (!ensureOpen()) {
                    throw new SQLException("database is not open: " + brokenCause);
                }
                task.work().run(db.writer());
                task.done().complete(null);
            } catch (SQLException | RuntimeException e) {
                if (Database.invalidated(e)) {
                    markBroken(e.getMessage());
                }
                task.done().completeExceptionally(e);
            }
        }
    }

    /** Folds the WAL into the file once it passed the threshold (DuckDB's own auto-checkpoint is off). */
    private void checkpointIfDue() {
        // After a failure, retry on the backoff whatever the WAL's size, so health comes back.
        boolean due = checkpointFailing ? System.nanoTime() - nextCheckpointNanos >= 0
                : db.walBytes() >= checkpointThreshold;
        if (brokenCause != null || !due) {
            return;
        }
        long start = System.nanoTime();
        try (Statement s = db.writer().createStatement()) {
            s.execute("CHECKPOINT");
            metrics.checkpointTook(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (checkpointFailing) {
                checkpointFailing = false;
                LOG.info("duckdb checkpoint works again file={}", db.file().getFileName());
                reportHealth("checkpoints work again");
            }
        } catch (SQLException e) {
            if (!checkpointFailing) {
                LOG.warn("duckdb checkpoint failed file={} error=\"{}\"", db.file().getFileName(), e.getMessage());
            }
            checkpointFailing = true;
            // Commits may still go into the WAL, but it grows and a restart must replay it: not OK.
            status.report(Health.DEGRADED, withFileProblem("checkpoint of " + db.file() + " failing (the WAL grows): "
                    + e.getMessage()));
            nextCheckpointNanos = System.nanoTime() + CHECKPOINT_BACKOFF_NANOS;
            if (Database.invalidated(e)) {
                markBroken(e.getMessage());
            }
        }
    }

    /**
     * Every few seconds, whether the file at the path is still the one open: a data dir wiped
     * under a running agent (a rebuild) otherwise goes unnoticed, as DuckDB writes on into the
     * deleted file. Reported once when it happens (DEGRADED, and a WARN), and once when it ends
     * (a reopen after a fatal error creates the file anew).
     */
    private void checkFileIfDue() {
        long now = System.nanoTime();
        if (now - nextFileCheckNanos < 0) {
            return;
        }
        nextFileCheckNanos = now + FILE_CHECK_NANOS;
        String problem = db.fileProblem().orElse(null);
        if (Objects.equals(problem, fileProblem)) {
            return;
        }
        fileProblem = problem;
        if (problem != null) {
            LOG.warn("duckdb data file deleted or replaced under the store file={} problem=\"{}\"", db.file(), problem);
            status.report(Health.DEGRADED, problem);
        } else {
            LOG.info("duckdb data file is the open one again file={}", db.file());
            reportHealth("the data file at " + db.file() + " is the open one again");
        }
    }

    /** A write or checkpoint problem, after the deleted file when it is: that one needs a restart. */
    private String withFileProblem(String message) {
        return fileProblem == null ? message : fileProblem + "; also: " + message;
    }

    /** The ingest log cannot write: the store is DEGRADED until it can, whatever the writer does. */
    void ingestLogFailed(String problem) {
        ingestLogProblem = problem;
        status.report(Health.DEGRADED, problem);
    }

    /** The ingest log writes again: OK unless the writer itself has trouble. */
    void ingestLogRecovered() {
        ingestLogProblem = null;
        runOnWriter(conn -> reportHealth("the ingest log writes again"));
    }

    /** OK only when writes, checkpoints and the file are fine; otherwise the last problem stays reported. */
    private void reportHealth(String recovered) {
        if (healthy && !checkpointFailing && brokenCause == null && fileProblem == null && ingestLogProblem == null) {
            status.report(Health.OK, recovered);
        }
    }

    /** Awaited batches fail; logged ones stay in the log, which the next start replays. */
    private void failRemaining(List<PendingBatch> group) {
        RefusedException gone = RefusedException.unavailable("duckdb store stopped");
        for (PendingBatch p : group) {
            if (!p.isLogged()) {
                p.done().completeExceptionally(gone);
            }
        }
        for (PendingBatch p; (p = queue.poll()) != null; ) {
            if (p != WAKE && !p.isLogged()) {
                p.done().completeExceptionally(gone);
            }
        }
        for (Task t; (t = maintenance.poll()) != null; ) {
            t.done().completeExceptionally(new IllegalStateException("duckdb writer stopped"));
        }
    }
}
