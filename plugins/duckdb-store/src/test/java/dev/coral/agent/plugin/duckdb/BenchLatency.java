package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate: a batch is handed to the store on schedule whether or not the
 * earlier ones are done (as independent clients would), and each batch's time from
 * {@code consume()} to its completion is recorded.
 */
final class BenchLatency {
    record Result(int batches, double seconds, long failed, long[] sortedNanos) {
        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e6;
        }

        double maxMillis() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }
    }

    private BenchLatency() {}

    /**
     * @param rowsPerSecond offered load
     * @param during runs once, {@code afterSeconds} into the run, on another thread (e.g. a retention cleanup)
     */
    static Result run(DuckDbStore store, List<ExportTraceServiceRequest> batches, int spansPerBatch,
            double rowsPerSecond, double seconds, double afterSeconds, Runnable during) throws InterruptedException {
        BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
        int count = (int) (rowsPerSecond * seconds / spansPerBatch);
        long interval = (long) (1e9 * spansPerBatch / rowsPerSecond);
        long[] latencies = new long[count];
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        Thread side = null;
        long start = System.nanoTime();
        long next = start;
        for (int i = 0; i < count; i++) {
            if (during != null && side == null && next - start >= (long) (afterSeconds * 1e9)) {
                side = Thread.ofPlatform().start(during);
            }
            for (long now; (now = System.nanoTime()) < next; ) {
                LockSupport.parkNanos(next - now);
            }
            int slot = i;
            long t0 = System.nanoTime();
            consumer.consume(batches.get(i % batches.size())).whenComplete((ok, e) -> {
                latencies[slot] = System.nanoTime() - t0;
                if (e != null) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
            next += interval;
        }
        done.await(5, TimeUnit.MINUTES);
        double took = (System.nanoTime() - start) / 1e9;
        if (side != null) {
            side.join();
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(count, took, failed.get(), sorted);
    }
}
