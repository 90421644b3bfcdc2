package dev.coral.agent.plugin.otlpexporter.queue;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.plugin.otlpexporter.config.FullPolicy;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's sending queue on disk: batches are appended to segment files as CRC-checked
 * records (see {@link RecordFormat}), and a batch counts as kept (its future completes) once its
 * record is fsynced. One writer thread appends whatever batches are waiting and fsyncs once for
 * all of them (group commit). Senders {@link #take} batches, and {@link #ack} them once the
 * upstream took them (or they were dropped); the cursor, the oldest batch not yet acknowledged,
 * is persisted then, and segments wholly before it are deleted. Acknowledgements may come out of
 * order (several senders): a restart sends again what lies after the cursor, so delivery is at
 * least once.
 *
 * <p>Bounded by {@code maxBytes} of records not yet acknowledged; when a batch would not fit,
 * {@link FullPolicy#BLOCK} refuses it (OVERLOADED, retryable) and {@link FullPolicy#DROP_OLDEST}
 * drops the oldest batches no sender has taken.
 */
public final class PersistentQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentQueue.class);
    private static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(1);

    /** Told of batches dropped by {@link FullPolicy#DROP_OLDEST}. */
    @FunctionalInterface
    public interface DropListener {
        void dropped(ExportedSignal signal, long items);
    }

    private record Append(ExportedSignal signal, long items, ByteBuffer record, CompletableFuture<Void> done) {}

    private final Path dir;
    private final long maxBytes;
    private final FullPolicy policy;
    private final long segmentBytes;
    private final DropListener dropListener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Condition appendsWaiting = lock.newCondition();
    private final ArrayDeque<QueuedRecord> pending = new ArrayDeque<>();
    private final TreeMap<Long, QueuedRecord> unacked = new TreeMap<>();
    private final TreeSet<Long> segments = new TreeSet<>();
    private List<Append> appends = new ArrayList<>();
    private long nextSeq;
    private long queuedBytes;
    private Cursor writeEnd;
    private boolean closed;

    private final Object cursorLock = new Object();
    private Cursor persisted;

    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private FileChannel writeChannel;
    private long writeSegment;
    private long writeOffset;
    private final Thread writer;
    private final ExecutorService completer;
    private final DirectoryLock directoryLock;

    private PersistentQueue(Path dir, long maxBytes, FullPolicy policy, long segmentBytes, DropListener dropListener,
                            Recovery.Found found, DirectoryLock directoryLock) throws IOException {
        this.dir = dir;
        this.directoryLock = directoryLock;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.segmentBytes = segmentBytes;
        this.dropListener = dropListener;
        for (QueuedRecord r : found.records()) {
            pending.add(r);
            unacked.put(r.seq(), r);
            segments.add(r.segment());
            queuedBytes += r.recordBytes();
        }
        this.nextSeq = found.records().size();
        this.writeSegment = found.nextSegment();
        openSegment(writeSegment);
        this.writeEnd = new Cursor(writeSegment, 0);
        this.persisted = found.cursor();
        found.cursor().write(dir);
        deleteSegmentsBefore(found.cursor().segment());
        this.completer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("queue-ack").factory());
        this.writer = Thread.ofPlatform().daemon().name("queue-writer").start(this::writeLoop);
    }

    /**
     * Opens (creating) the queue in {@code dir} and finds what a previous run left unsent.
     *
     * @param segmentBytes a segment is closed and a new one begun past this size
     */
    public static PersistentQueue open(Path dir, long maxBytes, FullPolicy policy, long segmentBytes,
                                       DropListener dropListener) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock directoryLock = DirectoryLock.acquire(dir);
        PersistentQueue q;
        Recovery.Found found;
        try {
            found = Recovery.scan(dir);
            q = new PersistentQueue(dir, maxBytes, policy, segmentBytes, dropListener, found, directoryLock);
        } catch (IOException | RuntimeException e) {
            directoryLock.close();
            throw e;
        }
        if (!found.records().isEmpty() || found.tornRecords() > 0) {
            LOG.info("sending queue recovered dir={} batches={} bytes={} torn_records={}", dir,
                    found.records().size(), q.queuedBytes, found.tornRecords());
        }
        return q;
    }

    /** A segment size for a queue of {@code maxBytes}: a sixteenth, between 1 MiB and 64 MiB. */
    public static long segmentBytesFor(long maxBytes) {
        return Math.clamp(maxBytes / 16, 1L << 20, 64L << 20);
    }

    /**
     * Queues a batch; the stage completes once it is on disk (fsynced), or exceptionally with a
     * {@link RefusedException} (queue full under {@code block}, stopping, a write error).
     */
    public CompletableFuture<Void> append(ExportedSignal signal, long items, byte[] payload) {
        ByteBuffer record = RecordFormat.encode(signal, items, payload);
        int size = record.remaining();
        List<QueuedRecord> dropped = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(RefusedException.unavailable("the exporter is stopping"));
            }
            if (size > maxBytes) {
                return CompletableFuture.failedFuture(new RefusedException(RefusedException.Reason.INVALID,
                        "a batch of " + size + " bytes is larger than the sending queue (max_bytes " + maxBytes + ")"));
            }
            while (queuedBytes + size > maxBytes && policy == FullPolicy.DROP_OLDEST && !pending.isEmpty()) {
                QueuedRecord oldest = pending.pollFirst();
                unacked.remove(oldest.seq());
                queuedBytes -= oldest.recordBytes();
                dropped.add(oldest);
            }
            if (queuedBytes + size > maxBytes) {
                return CompletableFuture.failedFuture(RefusedException.overloaded("the sending queue is full ("
                        + queuedBytes + " of max_bytes " + maxBytes + " bytes waiting for the upstream)",
                        FULL_RETRY_AFTER));
            }
            queuedBytes += size;
            appends.add(new Append(signal, items, record, done));
            appendsWaiting.signal();
        } finally {
            lock.unlock();
        }
        if (!dropped.isEmpty()) {
            dropped.forEach(r -> dropListener.dropped(r.signal(), r.items()));
            advanceCursor();
        }
        return done;
    }

    /**
     * Takes the oldest waiting batches of one signal, merged up to {@code maxItems} items and
     * {@code maxBytes} bytes (a single larger batch goes alone); when fewer are waiting, waits up
     * to {@code batchTimeout} after the oldest was queued for more. Blocks until there is one;
     * null once the queue is closed.
     */
    public Lease take(long maxItems, long maxBytesPerRequest, Duration batchTimeout) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                if (pending.isEmpty()) {
                    available.await();
                    continue;
                }
                QueuedRecord head = pending.peekFirst();
                List<QueuedRecord> chosen = new ArrayList<>();
                long items = 0;
                long bytes = 0;
                boolean full = false;
                for (QueuedRecord r : pending) {
                    if (r.signal() != head.signal()) {
                        continue;
                    }
                    if (!chosen.isEmpty() && (items + r.items() > maxItems || bytes + r.payloadBytes() > maxBytesPerRequest)) {
                        full = true;
                        break;
                    }
                    chosen.add(r);
                    items += r.items();
                    bytes += r.payloadBytes();
                }
                full |= items >= maxItems;
                if (!full && head.enqueuedNanos() != 0) {
                    long wait = head.enqueuedNanos() + batchTimeout.toNanos() - System.nanoTime();
                    if (wait > 0) {
                        available.awaitNanos(wait);
                        continue;
                    }
                }
                // The chosen records are the first of their signal in the queue: remove them in one pass.
                Iterator<QueuedRecord> it = pending.iterator();
                int left = chosen.size();
                while (it.hasNext() && left > 0) {
                    if (it.next().signal() == head.signal()) {
                        it.remove();
                        left--;
                    }
                }
                return new Lease(chosen);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The request of a lease: its batches' payloads, concatenated (protobuf: one merged request). */
    public byte[] payload(Lease lease) throws IOException {
        int total = 0;
        for (QueuedRecord r : lease.records()) {
            total += r.payloadBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (QueuedRecord r : lease.records()) {
            FileChannel ch = reader(r.segment());
            out.limit(out.position() + r.payloadBytes());
            Recovery.readFully(ch, out, r.payloadOffset());
        }
        return out.array();
    }

    /** The lease's batches are done with (sent, or dropped): their bytes leave the queue. */
    public void ack(Lease lease) {
        lock.lock();
        try {
            for (QueuedRecord r : lease.records()) {
                if (unacked.remove(r.seq()) != null) {
                    queuedBytes -= r.recordBytes();
                }
            }
        } finally {
            lock.unlock();
        }
        advanceCursor();
    }

    /** Bytes of batches waiting or being sent (also those being written). */
    public long size() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Batches waiting or being sent. */
    public int batches() {
        lock.lock();
        try {
            return unacked.size();
        } finally {
            lock.unlock();
        }
    }

    public long capacity() {
        return maxBytes;
    }

    private void advanceCursor() {
        Cursor frontier;
        lock.lock();
        try {
            if (closed) {
                // A late acknowledgement (a request that ended after shutdown): the next instance
                // may already own the directory, so the batch is sent again instead (at least once).
                return;
            }
            var first = unacked.firstEntry();
            frontier = first == null ? writeEnd : new Cursor(first.getValue().segment(), first.getValue().offset());
        } finally {
            lock.unlock();
        }
        synchronized (cursorLock) {
            if (frontier.compareTo(persisted) <= 0) {
                return;
            }
            try {
                frontier.write(dir);
                persisted = frontier;
            } catch (IOException e) {
                LOG.warn("sending queue cursor not saved (batches may be sent again after a restart) dir={} error={}",
                        dir, e.toString());
                return;
            }
        }
        deleteSegmentsBefore(frontier.segment());
    }

    private void deleteSegmentsBefore(long segment) {
        List<Long> gone = new ArrayList<>();
        lock.lock();
        try {
            while (!segments.isEmpty() && segments.first() < segment) {
                gone.add(segments.pollFirst());
            }
        } finally {
            lock.unlock();
        }
        for (long id : gone) {
            FileChannel r = readers.remove(id);
            try {
                if (r != null) {
                    r.close();
                }
                Files.deleteIfExists(Segments.path(dir, id));
            } catch (IOException e) {
                LOG.warn("sending queue segment not deleted file={} error={}", Segments.path(dir, id), e.toString());
            }
        }
    }

    private FileChannel reader(long segment) {
        return readers.computeIfAbsent(segment, id -> {
            try {
                return FileChannel.open(Segments.path(dir, id), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void openSegment(long id) throws IOException {
        writeChannel = FileChannel.open(Segments.path(dir, id), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Segments.syncDirectory(dir);
        writeSegment = id;
        writeOffset = 0;
        lock.lock();
        try {
            segments.add(id);
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        while (true) {
            List<Append> group;
            lock.lock();
            try {
                while (appends.isEmpty() && !closed) {
                    appendsWaiting.awaitUninterruptibly();
                }
                if (appends.isEmpty()) {
                    return;
                }
                group = appends;
                appends = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            writeGroup(group);
        }
    }

    private void writeGroup(List<Append> group) {
        long[] segmentOf = new long[group.size()];
        long[] offsetOf = new long[group.size()];
        try {
            for (int i = 0; i < group.size(); i++) {
                ByteBuffer rec = group.get(i).record();
                if (writeChannel == null || writeOffset > 0 && writeOffset + rec.remaining() > segmentBytes) {
                    roll();
                }
                segmentOf[i] = writeSegment;
                offsetOf[i] = writeOffset;
                int n = rec.remaining();
                while (rec.hasRemaining()) {
                    writeChannel.write(rec);
                }
                writeOffset += n;
            }
            writeChannel.force(false);
        } catch (IOException e) {
            LOG.warn("sending queue write failed dir={} batches={} error={}", dir, group.size(), e.toString());
            lock.lock();
            try {
                group.forEach(a -> queuedBytes -= a.record().capacity());
            } finally {
                lock.unlock();
            }
            closeWriteChannel();
            RefusedException refused = new RefusedException(RefusedException.Reason.UNAVAILABLE,
                    "the sending queue cannot write: " + e.getMessage(), Duration.ofSeconds(5), e);
            completer.execute(() -> group.forEach(a -> a.done().completeExceptionally(refused)));
            return;
        }
        long now = System.nanoTime();
        lock.lock();
        try {
            for (int i = 0; i < group.size(); i++) {
                Append a = group.get(i);
                QueuedRecord r = new QueuedRecord(nextSeq++, segmentOf[i], offsetOf[i], a.record().capacity(),
                        a.signal(), a.items(), now);
                pending.add(r);
                unacked.put(r.seq(), r);
            }
            writeEnd = new Cursor(writeSegment, writeOffset);
            available.signalAll();
        } finally {
            lock.unlock();
        }
        completer.execute(() -> group.forEach(a -> a.done().complete(null)));
    }

    private void roll() throws IOException {
        long next = writeSegment + 1;
        closeWriteChannel();
        openSegment(next);
    }

    private void closeWriteChannel() {
        if (writeChannel != null) {
            try {
                writeChannel.force(false);
                writeChannel.close();
            } catch (IOException e) {
                LOG.debug("closing a queue segment failed", e);
            }
            writeChannel = null;
        }
    }

    /** Stops taking batches, writes those already given (so their callers hear), and closes the files. */
    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            appendsWaiting.signalAll();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        writer.join(wait);
        completer.shutdown();
        completer.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        closeWriteChannel();
        for (FileChannel r : readers.values()) {
            try {
                r.close();
            } catch (IOException ignored) {
                // Read-only channel: nothing to lose.
            }
        }
        readers.clear();
        directoryLock.close();
    }

    public Path directory() {
        return dir;
    }
}
