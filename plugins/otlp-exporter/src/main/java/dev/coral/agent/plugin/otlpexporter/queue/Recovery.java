package dev.coral.agent.plugin.otlpexporter.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the batches a previous run left unsent: segments from the persisted cursor on, each
 * record checked by its CRC. The first record that is short or does not check ends a segment:
 * in the last segment that is a write torn by a crash, and the file is cut there; anywhere else
 * the rest of that segment is unreadable and skipped (logged).
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What was found: the records in queue order, the next free segment id, the cursor to start from. */
    record Found(List<QueuedRecord> records, long nextSegment, Cursor cursor, int tornRecords) {}

    private Recovery() {}

    static Found scan(Path dir) throws IOException {
        List<Long> ids = Segments.list(dir);
        Optional<Cursor> saved = Cursor.read(dir);
        Cursor cursor = saved.orElse(new Cursor(ids.isEmpty() ? 0 : ids.getFirst(), 0));
        if (saved.isEmpty() && !ids.isEmpty() && Files.exists(dir.resolve("cursor"))) {
            LOG.warn("sending queue cursor unreadable, sending every queued batch again dir={}", dir);
        }
        List<QueuedRecord> records = new ArrayList<>();
        int torn = 0;
        long seq = 0;
        for (long id : ids) {
            Path file = Segments.path(dir, id);
            if (id < cursor.segment()) {
                Files.deleteIfExists(file);
                continue;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                long pos = id == cursor.segment() ? Math.min(cursor.offset(), size) : 0;
                while (pos < size) {
                    Optional<QueuedRecord> r = readAt(ch, size, pos, id, seq);
                    if (r.isEmpty()) {
                        break;
                    }
                    records.add(r.get());
                    seq++;
                    pos += r.get().recordBytes();
                }
                if (pos < size) {
                    torn++;
                    if (id == ids.getLast()) {
                        LOG.warn("sending queue: dropped a torn record at the end of segment={} offset={} bytes={}",
                                file.getFileName(), pos, size - pos);
                        ch.truncate(pos);
                        ch.force(true);
                    } else {
                        LOG.warn("sending queue: corrupt record, skipping the rest of segment={} offset={} bytes={}",
                                file.getFileName(), pos, size - pos);
                    }
                }
            }
        }
        long next = ids.isEmpty() ? cursor.segment() : Math.max(ids.getLast() + 1, cursor.segment());
        Cursor start = records.isEmpty() ? new Cursor(next, 0)
                : new Cursor(records.getFirst().segment(), records.getFirst().offset());
        return new Found(records, next, start, torn);
    }

    private static Optional<QueuedRecord> readAt(FileChannel ch, long size, long pos, long segment, long seq)
            throws IOException {
        if (size - pos < RecordFormat.HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer head = ByteBuffer.allocate(8);
        readFully(ch, head, pos);
        int length = RecordFormat.bodyLength(head);
        if (length < 0 || pos + 8 + length > size) {
            return Optional.empty();
        }
        ByteBuffer record = ByteBuffer.allocate(8 + length);
        readFully(ch, record, pos);
        return RecordFormat.check(record).map(h -> new QueuedRecord(seq, segment, pos, h.recordBytes(), h.signal(),
                h.items(), 0));
    }

    static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long p = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, p);
            if (n < 0) {
                throw new IOException("segment ended at " + p);
            }
            p += n;
        }
    }
}
