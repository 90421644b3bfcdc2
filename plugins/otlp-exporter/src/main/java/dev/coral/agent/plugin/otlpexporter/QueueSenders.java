package dev.coral.agent.plugin.otlpexporter;

import dev.coral.agent.plugin.otlpexporter.config.BatchSettings;
import dev.coral.agent.plugin.otlpexporter.queue.Lease;
import dev.coral.agent.plugin.otlpexporter.queue.PersistentQueue;
import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal;
import dev.coral.agent.plugin.otlpexporter.send.RetryingSender;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code num_consumers} virtual threads that take merged batches from the sending queue and send
 * them; a batch leaves the queue once sent or dropped, and stays (for the next start) when the
 * exporter stops first.
 */
final class QueueSenders {
    private static final Logger LOG = LoggerFactory.getLogger(QueueSenders.class);

    /** Counts how a request ended; true when sent. */
    @FunctionalInterface
    interface Outcomes {
        boolean record(ExportedSignal signal, long items, RetryingSender.Result result);
    }

    private final String id;
    private final PersistentQueue queue;
    private final RetryingSender sender;
    private final BatchSettings batch;
    private final Outcomes outcomes;
    private final ExporterCounters counters;
    private final List<Thread> threads = new ArrayList<>();

    QueueSenders(String id, PersistentQueue queue, RetryingSender sender, BatchSettings batch, Outcomes outcomes,
                 ExporterCounters counters) {
        this.id = id;
        this.queue = queue;
        this.sender = sender;
        this.batch = batch;
        this.outcomes = outcomes;
        this.counters = counters;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name(id + "-sender-" + i).start(this::run));
        }
    }

    private void run() {
        while (true) {
            Lease lease;
            try {
                lease = queue.take(batch.sendBatchSize(), batch.maxRequestBytes(), batch.timeout());
            } catch (InterruptedException e) {
                return;
            }
            if (lease == null) {
                return;
            }
            byte[] request;
            try {
                request = queue.payload(lease);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: queued batch unreadable, dropped signal={} items={} error={}", id,
                        lease.signal().signalName(), lease.items(), e.toString());
                counters.sendFailed(lease.signal(), lease.items());
                queue.ack(lease);
                continue;
            }
            RetryingSender.Result result = sender.send(lease.signal(), request);
            if (result instanceof RetryingSender.Result.Stopped) {
                return;
            }
            outcomes.record(lease.signal(), lease.items(), result);
            queue.ack(lease);
        }
    }

    /** Waits for the threads to end (after the queue was closed and the sender stopped). */
    void join(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        for (Thread t : threads) {
            long left = until - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                return;
            }
        }
    }
}
