package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link CrashDurabilityTest}: writes span batches through a real store
 * until it is killed, printing {@code ACK <batch>} once a batch's completion finished (the
 * moment a receiver would answer its client OK).
 */
public final class CrashWriter {
    static final int SPANS = 20;
    private static final int IN_FLIGHT = 64;

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(Path.of(args[0])), "");
        BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
        long firstBatch = Long.parseLong(args[1]);
        PrintStream out = System.out;
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (long b = firstBatch; ; b++) {
            inFlight.acquire();
            long batch = b;
            consumer.consume(Batches.spans("crash", batch, SPANS, System.currentTimeMillis() * 1_000_000L))
                    .whenComplete((ok, error) -> {
                        inFlight.release();
                        synchronized (out) {
                            out.println(error == null ? "ACK " + batch : "FAIL " + batch + " " + error);
                            out.flush();
                        }
                    });
        }
    }
}
