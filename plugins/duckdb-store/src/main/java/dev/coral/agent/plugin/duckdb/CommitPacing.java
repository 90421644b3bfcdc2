package dev.coral.agent.plugin.duckdb;

import java.util.concurrent.TimeUnit;

/**
 * How long the writer lets a group gather before committing it. A DuckDB commit costs about
 * the same CPU for one small batch as for fifty (planning the Appender's insert, the WAL write,
 * the fsync: ~3 ms here), so when many senders each send now and then, waiting up to
 * {@code commit-delay} for more batches cuts the agent's CPU several times. But a sender that
 * waits for each answer before sending again (an SDK's batch processor exports one batch at a
 * time) gains nothing from the wait and is slowed to one batch per delay.
 *
 * <p>So the writer measures: it runs one epoch of two seconds committing eagerly and one
 * gathering, and keeps gathering only if batches arrived as fast while it gathered (at least
 * {@link #KEEP_RATE} of the eager rate). It measures again after {@link #SETTLE_EPOCHS} epochs,
 * or sooner when the arrival rate halves or doubles. An epoch with a pause in it (no batch for
 * two epochs' time) tells nothing about either mode and is started over. Writer thread only.
 */
final class CommitPacing {
    static final long EPOCH_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Epochs between two probes. */
    static final int SETTLE_EPOCHS = 30;
    /** A settled epoch whose rate is this many times higher or lower than the decision's probes again. */
    static final double CHANGE = 2.0;
    /** Gathering is kept while batches arrive at least this share as fast as in the eager probe. */
    static final double KEEP_RATE = 0.75;

    private enum Phase { PROBE_EAGER, PROBE_GATHER, SETTLED }

    private final long maxDelayNanos;
    private Phase phase = Phase.PROBE_EAGER;
    private volatile boolean gathering; // read by the metrics
    private long epochStart;
    private long epochBatches;
    private int settledEpochs;
    private double eagerRate;
    private double settledRate;

    /** @param maxDelay the longest a batch waits for others ({@code commit-delay}); zero: never wait */
    CommitPacing(java.time.Duration maxDelay, long nowNanos) {
        this.maxDelayNanos = maxDelay.toNanos();
        this.epochStart = nowNanos;
    }

    /** When the group whose first batch arrived at {@code firstArrived} must be committed. */
    long deadline(long firstArrived) {
        return gathering ? firstArrived + maxDelayNanos : firstArrived;
    }

    /** True while groups wait for more batches. */
    boolean gathering() {
        return gathering;
    }

    /** A group of {@code batches} was written at {@code now}. */
    void written(int batches, long now) {
        if (maxDelayNanos == 0) {
            return;
        }
        epochBatches += batches;
        long elapsed = now - epochStart;
        if (elapsed < EPOCH_NANOS) {
            return;
        }
        double rate = epochBatches * 1e9 / elapsed;
        epochStart = now;
        epochBatches = 0;
        if (elapsed > 2 * EPOCH_NANOS) {
            return; // a pause: measure this phase again
        }
        switch (phase) {
            case PROBE_EAGER -> {
                eagerRate = rate;
                phase = Phase.PROBE_GATHER;
                gathering = true;
            }
            case PROBE_GATHER -> {
                gathering = rate >= KEEP_RATE * eagerRate;
                settledRate = gathering ? rate : eagerRate;
                phase = Phase.SETTLED;
                settledEpochs = 0;
            }
            case SETTLED -> {
                boolean changed = rate > CHANGE * settledRate || rate * CHANGE < settledRate;
                if (++settledEpochs >= SETTLE_EPOCHS || changed) {
                    phase = Phase.PROBE_EAGER;
                    gathering = false;
                }
            }
        }
    }
}
