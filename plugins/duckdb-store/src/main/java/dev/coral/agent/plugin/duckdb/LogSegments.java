package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.coral.agent.api.Signal;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest log's files: segments named by their first record's lsn ({@code 00000000000000000042.log})
 * in one directory, each a run of records
 * <pre>
 *   u32 body length | u32 CRC32C of the body | body: u64 lsn | u64 created (µs) | u8 signal | payload
 * </pre>
 * big-endian, where the payload is the OTLP {@code Export*ServiceRequest} the store was handed.
 * A segment is filled with zeros when it starts, so a zero length ends it. A record is written
 * whole or, after a crash, found torn or failing its CRC: the log ends there.
 */
final class LogSegments {
    private static final Logger LOG = LoggerFactory.getLogger(LogSegments.class);
    static final int HEADER = 8;
    private static final int BODY_PREFIX = 17;
    /** Far above any request a receiver takes; a larger length is a torn or foreign file. */
    private static final int MAX_BODY = 1 << 30;
    private static final String SUFFIX = ".log";

    /** One record read back: the batch as it was handed to the store, and when. */
    record Record(long lsn, long createdMicros, Signal<?> signal, byte[] payload) {}

    @FunctionalInterface
    interface RecordConsumer {
        void accept(Record r) throws IOException;
    }

    private LogSegments() {}

    /** The signals the log holds: those whose batches are OTLP messages. */
    static boolean holds(Signal<?> signal) {
        return code(signal) != 0;
    }

    private static byte code(Signal<?> signal) {
        if (signal == Signal.TRACES) {
            return 1;
        }
        if (signal == Signal.METRICS) {
            return 2;
        }
        return signal == Signal.LOGS ? (byte) 3 : 0;
    }

    private static Signal<?> signal(byte code) throws IOException {
        return switch (code) {
            case 1 -> Signal.TRACES;
            case 2 -> Signal.METRICS;
            case 3 -> Signal.LOGS;
            default -> throw new IOException("unknown signal code " + code);
        };
    }

    /**
     * A record without its lsn, length and CRC yet ({@link #seal} adds them once the log orders
     * it): serialized on the sender's thread, so the one log thread only writes.
     */
    static byte[] frame(Signal<?> signal, long createdMicros, MessageLite payload) {
        int size = payload.getSerializedSize();
        byte[] frame = new byte[HEADER + BODY_PREFIX + size];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putLong(HEADER + 8, createdMicros);
        b.put(HEADER + 16, code(signal));
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(frame, HEADER + BODY_PREFIX, size);
            payload.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the batch for the ingest log", e);
        }
        return frame;
    }

    /** Numbers a {@link #frame} as record {@code lsn} and seals it with its length and CRC. */
    static void seal(byte[] frame, long lsn) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putLong(HEADER, lsn);
        CRC32C crc = new CRC32C();
        crc.update(frame, HEADER, frame.length - HEADER);
        b.putInt(0, frame.length - HEADER);
        b.putInt(4, (int) crc.getValue());
    }

    static Path segment(Path dir, long firstLsn) {
        return dir.resolve(String.format(Locale.ROOT, "%020d%s", firstLsn, SUFFIX));
    }

    /** The segments in {@code dir}, oldest first. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
        }
    }

    /**
     * Reads every whole record of {@code segment}, in order, into {@code consumer}; cuts the file
     * after the last whole record when it ends in a torn or damaged one (a crash mid-append).
     *
     * @return the lsn of the last whole record, or 0 when none
     */
    static long read(Path segment, RecordConsumer consumer) throws IOException {
        long good = 0;
        long last = 0;
        String damage = null;
        try (InputStream file = Files.newInputStream(segment);
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                if (length == 0) {
                    break; // the zeros a segment is filled with before its records: the end
                }
                int crc = in.readInt();
                if (length < BODY_PREFIX || length > MAX_BODY) {
                    damage = "a record length of " + length;
                    break;
                }
                byte[] body = new byte[length];
                try {
                    in.readFully(body);
                } catch (EOFException torn) {
                    damage = "a torn record";
                    break;
                }
                CRC32C check = new CRC32C();
                check.update(body);
                if ((int) check.getValue() != crc) {
                    damage = "a record failing its CRC";
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(body);
                long lsn = b.getLong(0);
                byte[] payload = new byte[length - BODY_PREFIX];
                System.arraycopy(body, BODY_PREFIX, payload, 0, payload.length);
                consumer.accept(new Record(lsn, b.getLong(8), signal(body[16]), payload));
                last = lsn;
                good += HEADER + length;
            }
        } catch (EOFException torn) {
            damage = "a torn record header";
        }
        if (damage != null) {
            long size = Files.size(segment);
            LOG.warn("ingest log ends in {} (a crash while appending; that batch was never acknowledged): cut"
                    + " segment={} at={} bytes_cut={}", damage, segment.getFileName(), good, size - good);
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
        }
        return last;
    }
}
