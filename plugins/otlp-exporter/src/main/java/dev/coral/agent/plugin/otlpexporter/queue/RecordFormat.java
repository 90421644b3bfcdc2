package dev.coral.agent.plugin.otlpexporter.queue;

import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One record of a segment file, little work to check and nothing to parse:
 *
 * <pre>
 * int32  body length L (signal tag + items + payload)
 * int32  CRC32C of the L body bytes
 * byte   signal tag (1 traces, 2 metrics, 3 logs)
 * int64  items (spans, metric points, log records)
 * bytes  payload: the OTLP export request, protobuf
 * </pre>
 *
 * A record torn by a crash (short, or with a CRC that does not match) ends the segment's valid part.
 */
final class RecordFormat {
    static final int HEADER_BYTES = 4 + 4 + 1 + 8;
    /** Larger lengths are garbage, not records (the exporter never queues a batch this big). */
    static final int MAX_BODY_BYTES = 256 << 20;

    private RecordFormat() {}

    static ByteBuffer encode(ExportedSignal signal, long items, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        int bodyLength = 1 + 8 + payload.length;
        b.putInt(bodyLength).putInt(0).put(signal.tag()).putLong(items).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 8, bodyLength);
        b.putInt(4, (int) crc.getValue());
        return b.flip();
    }

    /** A record decoded from its header and body, checked. */
    record Header(ExportedSignal signal, long items, int recordBytes) {}

    /** The body length a header announces, or -1 when it cannot be a record. */
    static int bodyLength(ByteBuffer head) {
        int length = head.getInt(0);
        return length < 9 || length > MAX_BODY_BYTES ? -1 : length;
    }

    /** Checks a whole record (header + body in {@code record}); empty when torn or corrupt. */
    static Optional<Header> check(ByteBuffer record) {
        int length = record.getInt(0);
        int expectedCrc = record.getInt(4);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), record.arrayOffset() + 8, length);
        if ((int) crc.getValue() != expectedCrc) {
            return Optional.empty();
        }
        return ExportedSignal.ofTag(record.get(8))
                .map(s -> new Header(s, record.getLong(9), 8 + length));
    }
}
