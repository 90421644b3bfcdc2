package dev.coral.agent.plugin.cpuprofiler.capture;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * One perf event's mmapped ring: a metadata page followed by 2^n data pages. The kernel
 * writes records and advances {@code data_head}; we read up to it and advance
 * {@code data_tail} to free the space. Not thread-safe: one reader at a time.
 */
final class PerfRing {
    static final int PERF_RECORD_LOST = 2;
    static final int PERF_RECORD_SAMPLE = 9;
    private static final long DATA_HEAD = 1024;
    private static final long DATA_TAIL = 1032;
    private static final int MAX_RECORD = 1 << 16; // header.size is a u16

    /** Acquire/release on head/tail: the kernel's writes of a record happen-before its head. */
    private static final VarHandle LONG_AT = JAVA_LONG.varHandle();

    /** Handles one record; {@code record} holds it from its header on, valid until return. */
    interface RecordHandler {
        void handle(int type, MemorySegment record, int size);
    }

    private final MemorySegment mapping;
    private final MemorySegment data;
    private final long dataMask;
    private final MemorySegment scratch = MemorySegment.ofArray(new long[MAX_RECORD / 8]);

    /** @param mapping the whole mmapped region; @param pageSize its first page is metadata */
    PerfRing(MemorySegment mapping, long pageSize) {
        this.mapping = mapping;
        this.data = mapping.asSlice(pageSize);
        if (Long.bitCount(data.byteSize()) != 1) {
            throw new IllegalArgumentException("data area must be a power of two: " + data.byteSize());
        }
        this.dataMask = data.byteSize() - 1;
    }

    /** Reads every record the kernel has published, then frees their space. */
    int readAll(RecordHandler handler) {
        long head = (long) LONG_AT.getAcquire(mapping, DATA_HEAD);
        long tail = mapping.get(JAVA_LONG, DATA_TAIL); // only we write it
        int records = 0;
        while (tail < head) {
            // Records are 8-byte aligned and the area a multiple of 8: a header never wraps.
            int offset = (int) (tail & dataMask);
            int type = data.get(JAVA_INT, offset);
            int size = Short.toUnsignedInt(data.get(JAVA_SHORT, offset + 6));
            if (size < 8) {
                tail = head; // corrupt: skip what is there rather than spin
                break;
            }
            int first = (int) Math.min(size, data.byteSize() - offset);
            MemorySegment.copy(data, offset, scratch, 0, first);
            if (first < size) {
                MemorySegment.copy(data, 0, scratch, first, size - first);
            }
            handler.handle(type, scratch, size);
            tail += size;
            records++;
        }
        LONG_AT.setRelease(mapping, DATA_TAIL, tail);
        return records;
    }

    /** The mapping, for munmap. */
    MemorySegment mapping() {
        return mapping;
    }
}
