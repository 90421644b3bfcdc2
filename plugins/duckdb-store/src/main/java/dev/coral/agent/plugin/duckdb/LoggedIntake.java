package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.MessageLite;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How a batch of traces, metrics or logs enters the {@link IngestLog}: room in the
 * {@link PendingBudget} first, then its rows made ({@link BatchContents}) and its record framed on
 * the caller's thread, then the log; the future completes once the log has it on disk.
 */
final class LoggedIntake {
    /**
     * Heap a batch holds until its fold, per byte of its protobuf form: the rows' strings and
     * JSON of spans and logs; for metrics also the decoded message (host metrics are appended
     * from it), which the receivers count as 8x its size.
     */
    private static final long PENDING_PER_BYTE = 3;
    private static final long PENDING_PER_METRICS_BYTE = 8 + PENDING_PER_BYTE;

    private final IngestLog log;
    private final PendingBudget budget;
    private final GroupCommitWriter writer;
    private final BatchContents contents;
    /** Runs the conversion of batches that waited for room, never on the writer thread that made it. */
    private final ExecutorService admitted = Executors.newVirtualThreadPerTaskExecutor();

    LoggedIntake(IngestLog log, PendingBudget budget, GroupCommitWriter writer, BatchContents contents) {
        this.log = log;
        this.budget = budget;
        this.writer = writer;
        this.contents = contents;
    }

    <T> CompletableFuture<Void> submit(Signal<T> signal, T batch) {
        MessageLite message = (MessageLite) batch;
        long bytes = (signal == Signal.METRICS ? PENDING_PER_METRICS_BYTE : PENDING_PER_BYTE)
                * message.getSerializedSize();
        long arrived = System.nanoTime();
        CompletableFuture<Void> room = budget.take(bytes);
        if (room.isDone() && !room.isCompletedExceptionally()) {
            return append(signal, batch, message, bytes, arrived);
        }
        writer.askFold(); // frees the budget soonest
        room.whenComplete((ok, refused) -> {
            if (refused != null) {
                writer.metrics().refusedBatches.increment();
            }
        });
        return room.thenComposeAsync(ok -> append(signal, batch, message, bytes, arrived), admitted);
    }

    private CompletableFuture<Void> append(Signal<?> signal, Object batch, MessageLite message, long bytes,
            long arrived) {
        long created = System.currentTimeMillis() * 1000;
        try {
            PendingBatch.Content rows = contents.of(signal, batch, created);
            byte[] frame = LogSegments.frame(signal, created, message);
            return log.append(new IngestLog.Entry(frame, rows, arrived, bytes, new CompletableFuture<>()));
        } catch (RuntimeException e) {
            budget.give(bytes);
            return CompletableFuture.failedFuture(new RefusedException(RefusedException.Reason.INVALID,
                    "duckdb store cannot read the batch: " + e, null, e));
        }
    }

    void close() {
        admitted.shutdownNow();
    }
}
