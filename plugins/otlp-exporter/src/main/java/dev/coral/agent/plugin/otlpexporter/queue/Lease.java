package dev.coral.agent.plugin.otlpexporter.queue;

import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import java.util.List;

/**
 * Queued batches of one signal taken by one sender, to be merged into one request; the queue
 * keeps them until {@link PersistentQueue#ack} (sent or dropped).
 */
public final class Lease {
    private final List<QueuedRecord> records;
    private final long items;

    Lease(List<QueuedRecord> records) {
        this.records = List.copyOf(records);
        this.items = records.stream().mapToLong(QueuedRecord::items).sum();
    }

    public ExportedSignal signal() {
        return records.getFirst().signal();
    }

    public long items() {
        return items;
    }

    /** How many queued batches this request merges. */
    public int batches() {
        return records.size();
    }

    List<QueuedRecord> records() {
        return records;
    }
}
