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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Batches wait in a bounded queue (full: refused as OVERLOADED,
 * before the batch is converted); the writer takes every batch waiting, up to {@code max-group},
 * and commits them together in one {@link GroupTransaction}, then completes each batch's future:
 * group commit, so one fsync serves many clients. Futures are completed on a thread of their
 * own, so what callers chained to them (a receiver answering its client) never holds up the next
 * group.
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

    private final Database db;
    private final GroupTransaction tx;
    private final Maintenance afterReopen;
    private final BlockingQueue<PendingBatch> queue;
    /** Places in the queue: taken before a batch is converted, given back as the writer takes batches out. */
    private final Semaphore places;
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
            Telemetry telemetry, StatusReporter status) {
        this.db = db;
        this.tx = tx;
        this.afterReopen = afterReopen;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.places = new Semaphore(config.queueSize());
        this.queueSize = config.queueSize();
        this.maxGroup = config.maxGroup();
        this.pacing = new CommitPacing(config.commitDelay(), System.nanoTime());
        this.checkpointThreshold = config.checkpointThreshold();
        this.metrics = new WriterMetrics(telemetry, queue::size, config.queueSize(), pacing::gathering);
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
            p = new PendingBatch(content.get(), System.nanoTime(), new CompletableFuture<>());
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

    /** Runs {@code work} on the writer thread between groups; the future tells when it is done. */
    CompletableFuture<Void> runOnWriter(Maintenance work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (terminated) {
            done.completeExceptionally(new IllegalStateException("duckdb writer stopped"));
            return done;
        }
        maintenance.add(new Task(work, done));
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
        if (thread.join(deadline.remaining())) {
            return true;
        }
        thread.interrupt(); // takes nothing more from the queue
        LOG.warn("duckdb writer did not finish by the shutdown deadline queued={}", queue.size());
        return false;
    }

    private void run() {
        List<PendingBatch> group = new ArrayList<>(maxGroup);
        try {
            while (true) {
                runMaintenance();
                checkFileIfDue();
                PendingBatch first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
                places.release();
                group.add(first);
                gather(group, pacing.deadline(first.arrivedNanos()));
                write(group, true);
                pacing.written(group.size(), System.nanoTime());
                group.clear();
                checkpointIfDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("duckdb writer stopped error=\"{}\"", e.toString(), e);
            status.report(Health.FAILED, "writer stopped: " + e.getMessage());
        } finally {
            terminated = true;
            failRemaining(group);
            acks.shutdown();
            try {
                acks.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Fills {@code group} with what waits, and keeps taking arrivals until {@code deadline} or a
     * full group ({@link CommitPacing} says how long). A backlog (its first batch arrived long
     * ago) is written at once.
     */
    private void gather(List<PendingBatch> group, long deadline) throws InterruptedException {
        places.release(queue.drainTo(group, maxGroup - group.size()));
        while (group.size() < maxGroup && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            PendingBatch next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            places.release();
            group.add(next);
            places.release(queue.drainTo(group, maxGroup - group.size()));
        }
    }

    private void write(List<PendingBatch> group, boolean mayRetry) {
        if (!ensureOpen()) {
            failed(group, storageRefusal("duckdb store could not write " + db.file()
                    + " (database closed after a fatal error, reopening): " + brokenCause, null));
            return;
        }
        try {
            GroupTransaction.Committed c = tx.write(group);
            metrics.commits.increment();
            metrics.writtenSpans.add(c.spans());
            metrics.writtenPoints.add(c.points() + c.metricPoints());
            metrics.writtenSamples.add(c.samples());
            metrics.writtenEbpfRows.add(c.ebpfRows());
            metrics.writtenLogRecords.add(c.logs());
            metrics.unkeptMetrics.add(c.unkeptMetrics());
            long now = System.nanoTime();
            for (PendingBatch p : group) {
                metrics.ackWait.record((now - p.arrivedNanos()) / 1e9);
            }
            if (!healthy) {
                healthy = true;
                LOG.info("duckdb store writes again file={}", db.file().getFileName());
                reportHealth("writing again");
            }
            List<PendingBatch> done = List.copyOf(group);
            acks.execute(() -> done.forEach(p -> p.done().complete(null)));
        } catch (WriteFailure f) {
            metrics.writeErrors.increment();
            if (f.invalidated()) {
                markBroken(f.getMessage());
                if (mayRetry && ensureOpen()) {
                    write(group, false); // nothing of the group was stored: try once on the reopened database
                    return;
                }
            } else if (f.stage() == WriteFailure.Stage.APPEND && group.size() > 1) {
                // One bad batch must not fail the others: write them one by one.
                for (PendingBatch p : group) {
                    write(List.of(p), mayRetry);
                }
                return;
            }
            failed(group, refusal(f));
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

    private void failed(List<PendingBatch> group, RefusedException refused) {
        metrics.failedBatches.add(group.size());
        if (healthy) {
            healthy = false;
            LOG.warn("duckdb store write failed batches={} error=\"{}\"", group.size(), refused.getMessage());
        }
        status.report(Health.DEGRADED, withFileProblem(refused.getMessage()));
        List<PendingBatch> done = List.copyOf(group);
        acks.execute(() -> done.forEach(p -> p.done().completeExceptionally(refused)));
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

    /** OK only when writes, checkpoints and the file are fine; otherwise the last problem stays reported. */
    private void reportHealth(String recovered) {
        if (healthy && !checkpointFailing && brokenCause == null && fileProblem == null) {
            status.report(Health.OK, recovered);
        }
    }

    private void failRemaining(List<PendingBatch> group) {
        RefusedException gone = RefusedException.unavailable("duckdb store stopped");
        group.forEach(p -> p.done().completeExceptionally(gone));
        for (PendingBatch p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(gone);
        }
        for (Task t; (t = maintenance.poll()) != null; ) {
            t.done().completeExceptionally(new IllegalStateException("duckdb writer stopped"));
        }
    }
}
