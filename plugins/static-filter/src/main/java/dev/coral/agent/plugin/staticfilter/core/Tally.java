package dev.coral.agent.plugin.staticfilter.core;

/** The verdicts of one batch, counted while filtering and added to the counters once. Not thread-safe. */
public final class Tally {
    private final long[] counts = new long[Verdict.values().length];

    /** Counts {@code verdict} and returns it. */
    public Verdict add(Verdict verdict) {
        counts[verdict.ordinal()]++;
        return verdict;
    }

    public long count(Verdict verdict) {
        return counts[verdict.ordinal()];
    }

    public long received() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    public long dropped() {
        return count(Verdict.DROPPED);
    }

    public long kept() {
        return received() - dropped();
    }
}
