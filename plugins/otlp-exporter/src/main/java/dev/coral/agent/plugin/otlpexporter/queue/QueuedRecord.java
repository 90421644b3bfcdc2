package dev.coral.agent.plugin.otlpexporter.queue;

import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;

/**
 * Where one queued batch lies: segment, offset of its record and the record's size on disk, with
 * what the sender needs to know without reading it.
 *
 * @param seq its place in the queue (in memory only: orders acknowledgements)
 * @param enqueuedNanos when it became durable (0 for records found at start: no batching wait)
 */
record QueuedRecord(long seq, long segment, long offset, int recordBytes, ExportedSignal signal, long items,
                    long enqueuedNanos) {

    /** The payload's position in the segment file. */
    long payloadOffset() {
        return offset + RecordFormat.HEADER_BYTES;
    }

    int payloadBytes() {
        return recordBytes - RecordFormat.HEADER_BYTES;
    }
}
