package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link CrashDurabilityTest}: writes span batches through a real store
 * until it is killed, printing {@code ACK <batch>} once a batch's completion finished (the
 * moment a receiver would answer its client OK), and {@code WRITING} each time the store's writer
 * enters a transaction (a fold of the ingest log), for a test that kills it there.
 *
 * <p>Arguments: the data directory, the first batch number, and optionally the store's config.
 */
public final class CrashWriter {
    static final int SPANS = 20;
    private static final int IN_FLIGHT = 64;

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(Path.of(args[0])), args.length > 2 ? args[2] : "");
        BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
        long firstBatch = Long.parseLong(args[1]);
        PrintStream out = System.out;
        Thread.ofPlatform().daemon().start(() -> reportWriting(store.writer(), out));
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (long b = firstBatch; ; b++) {
            inFlight.acquire();
            long batch = b;
            consumer.consume(Batches.spans("crash", batch, SPANS, System.currentTimeMillis() * 1_000_000L))
                    .whenComplete((ok, error) -> {
                        inFlight.release();
                        print(out, error == null ? "ACK " + batch : "FAIL " + batch + " " + error);
                    });
        }
    }

    private static void reportWriting(GroupCommitWriter writer, PrintStream out) {
        boolean was = false;
        while (true) {
            boolean now = writer.writing();
            if (now && !was) {
                print(out, "WRITING");
            }
            was = now;
            LockSupport.parkNanos(200_000); // a fold takes 100 ms and more: seen in time
        }
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
