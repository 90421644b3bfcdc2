package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Signal;
import java.util.concurrent.CompletableFuture;

/**
 * A batch waiting for the writer.
 *
 * @param arrivedNanos {@link System#nanoTime} when the consumer took it
 * @param done completes after the batch's commit, or fails with a RefusedException
 */
record PendingBatch(Signal<?> signal, Object batch, long arrivedNanos, CompletableFuture<Void> done) {}
