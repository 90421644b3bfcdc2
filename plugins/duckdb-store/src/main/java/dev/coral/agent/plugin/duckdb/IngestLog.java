package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.RefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's durability point for traces, metrics and logs: an append-only log of the batches,
 * in {@link LogSegments} files. One thread takes every record waiting, numbers them (the lsn),
 * writes them in one {@code writev} and one {@code fdatasync}, hands them in lsn order to the
 * writer, which folds them into DuckDB later in large transactions, and acknowledges them: group
 * commit, without waiting for DuckDB. What arrives during a sync forms the next group, so a lone
 * sender waits for one sync (about a millisecond here) and many senders share one.
 *
 * <p>New records always go to a new segment after a start; a segment is deleted once the writer
 * has folded all its records ({@link #folded}). On start, the records not folded yet are replayed
 * ({@link LogReplay}).
 */
final class IngestLog {
    private static final Logger LOG = LoggerFactory.getLogger(IngestLog.class);
    /** The retry hint while the log cannot be written (a full disk). */
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(5);
    /** Records written with one writev at most (the kernel's IOV_MAX is 1024). */
    private static final int MAX_WRITE = 1024;

    /** A record waiting for the log thread: its frame, and the batch the writer gets once it is durable. */
    record Entry(byte[] frame, PendingBatch.Content content, long arrivedNanos, long pendingBytes,
            CompletableFuture<Void> synced) {}

    private record Segment(Path path, long firstLsn) {}

    /** Queued by {@link #close} to wake the idle thread; never written. */
    private static final Entry WAKE = new Entry(new byte[0], null, 0, 0, null);
    /** How long the idle thread sleeps before it looks for folded segments to delete. */
    private static final long IDLE_WAIT_MILLIS = 1000;

    /** What the log tells of its health. */
    interface Health {
        void failed(String problem);

        void recovered();
    }

    private final Path dir;
    private final long segmentSize;
    private final Consumer<PendingBatch> writer;
    /** The last lsn in DuckDB: segments at or below it may go. */
    private final LongSupplier folded;
    private final PendingBudget budget;
    private final WriterMetrics metrics;
    /** Where the log's trouble and recovery go: the store reports its health as one. */
    private final Health health;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Thread thread;
    private final ExecutorService acks = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("coral-ingest-acks").daemon(true).factory());
    private FileChannel active;
    private long activeBytes;
    private long nextLsn;
    private volatile long syncedLsn;
    private volatile boolean closing;
    private boolean failing;

    /**
     * @param lastLsn the highest lsn used so far (in the log or folded): numbering goes on after it
     * @param writer takes each durable batch, in lsn order; must not block
     */
    IngestLog(Path dir, long lastLsn, long segmentSize, Consumer<PendingBatch> writer, LongSupplier folded,
            PendingBudget budget,
            WriterMetrics metrics, Health health) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.segmentSize = segmentSize;
        this.writer = writer;
        this.folded = folded;
        this.budget = budget;
        this.metrics = metrics;
        this.health = health;
        this.nextLsn = lastLsn + 1;
        this.syncedLsn = lastLsn;
        for (Path p : LogSegments.list(dir)) {
            segments.add(new Segment(p, Long.parseLong(p.getFileName().toString().substring(0, 20))));
        }
        this.thread = Thread.ofPlatform().name("coral-ingest-log").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues a record; the future completes once it is on disk (or fails, retryably). */
    CompletableFuture<Void> append(Entry e) {
        if (closing) {
            budget.give(e.pendingBytes());
            return CompletableFuture.failedFuture(RefusedException.unavailable("duckdb store is shutting down"));
        }
        queue.add(e);
        return e.synced();
    }

    /** The last lsn on disk and handed to the writer. */
    long syncedLsn() {
        return syncedLsn;
    }

    /** Writes what is queued, then stops, by {@code deadline}. */
    void close(Deadline deadline) throws InterruptedException {
        closing = true;
        queue.add(WAKE);
        if (!thread.join(deadline.remaining())) {
            thread.interrupt();
            thread.join(1000);
        }
    }

    private void run() {
        List<Entry> group = new ArrayList<>(MAX_WRITE);
        try {
            while (true) {
                deleteFolded();
                Entry first = queue.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_WRITE - 1);
                group.remove(WAKE);
                write(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("ingest log stopped error=\"{}\"", e.toString(), e);
            health.failed("ingest log stopped: " + e.getMessage());
        } finally {
            RefusedException gone = RefusedException.unavailable("duckdb store stopped");
            group.addAll(queue);
            queue.clear();
            group.remove(WAKE);
            fail(group, gone);
            closeActive();
            acks.shutdown();
        }
    }

    private void write(List<Entry> group) {
        long first = nextLsn;
        ByteBuffer[] buffers = new ByteBuffer[group.size()];
        long bytes = 0;
        for (int i = 0; i < group.size(); i++) {
            byte[] frame = group.get(i).frame();
            LogSegments.seal(frame, first + i);
            buffers[i] = ByteBuffer.wrap(frame);
            bytes += frame.length;
        }
        long position = -1;
        try {
            if (active == null || activeBytes >= segmentSize) {
                roll(first);
            }
            position = activeBytes;
            long left = bytes;
            while (left > 0) {
                left -= active.write(buffers);
            }
            active.force(false);
            activeBytes += bytes;
        } catch (IOException e) {
            undo(position, e);
            fail(group, new RefusedException(RefusedException.Reason.UNAVAILABLE,
                    "duckdb store cannot write its ingest log in " + dir + ": " + e.getMessage(), STORAGE_RETRY_AFTER, e));
            return;
        }
        nextLsn = first + group.size();
        metrics.logSyncs.increment();
        metrics.logBytes.add(bytes);
        if (failing) {
            failing = false;
            LOG.info("ingest log writes again dir={}", dir);
            health.recovered();
        }
        long now = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Entry e = group.get(i);
            writer.accept(PendingBatch.logged(e.content(), now, first + i, e.pendingBytes()));
            metrics.ackWait.record((now - e.arrivedNanos()) / 1e9);
            done.add(e.synced());
        }
        syncedLsn = nextLsn - 1; // after the writer has them: a query waiting for this lsn finds them there
        acks.execute(() -> done.forEach(f -> f.complete(null)));
    }

    /** A failed write or sync: cut what it may have left, so nothing unacknowledged is replayed later. */
    private void undo(long position, IOException e) {
        if (!failing) {
            LOG.warn("ingest log write failed dir={} error=\"{}\"", dir, e.getMessage());
        }
        failing = true;
        health.failed("cannot write the ingest log in " + dir + ": " + e.getMessage());
        try {
            if (active != null && position >= 0) {
                active.truncate(position);
            }
        } catch (IOException again) {
            closeActive(); // the next write starts a new segment
        }
    }

    /**
     * Starts a segment, filled with zeros to {@code segment-size} first: records then overwrite
     * blocks the file already has, so each {@code fdatasync} flushes data only, not the file's
     * size through the file system's journal (about half the CPU and latency of a sync here).
     * A zero length where a record would start ends the log ({@link LogSegments#read}).
     */
    private void roll(long firstLsn) throws IOException {
        closeActive();
        Path path = LogSegments.segment(dir, firstLsn);
        active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(segmentSize, 1 << 20));
        for (long filled = 0; filled < segmentSize; filled += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                active.write(zeros);
            }
        }
        active.force(true);
        active.position(0);
        activeBytes = 0;
        segments.add(new Segment(path, firstLsn));
        syncDirectory();
    }

    /** A new file's directory entry must be durable too, or a crash could lose the whole segment. */
    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void closeActive() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException ignored) {
                // written data was synced; nothing to lose
            }
            active = null;
        }
    }

    /** Deletes the oldest segments while the next one starts at or below the folded lsn. */
    private void deleteFolded() {
        long upTo = folded.getAsLong();
        while (segments.size() > 1) {
            Segment oldest = segments.peekFirst();
            Segment next = segments.stream().skip(1).findFirst().orElseThrow();
            if (next.firstLsn() - 1 > upTo) {
                return;
            }
            try {
                Files.deleteIfExists(oldest.path());
                segments.removeFirst();
            } catch (IOException e) {
                LOG.debug("cannot delete folded ingest log segment={} error=\"{}\"", oldest.path(), e.getMessage());
                return;
            }
        }
    }

    private void fail(List<Entry> group, RefusedException refused) {
        for (Entry e : group) {
            budget.give(e.pendingBytes());
        }
        List<CompletableFuture<Void>> done = group.stream().map(Entry::synced).toList();
        Runnable failAll = () -> done.forEach(f -> f.completeExceptionally(refused));
        if (acks.isShutdown()) {
            failAll.run();
        } else {
            acks.execute(failAll);
        }
    }
}
