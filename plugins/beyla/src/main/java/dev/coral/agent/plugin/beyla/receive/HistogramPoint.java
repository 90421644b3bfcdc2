package dev.coral.agent.plugin.beyla.receive;

import java.util.Arrays;

/**
 * One explicit-bucket histogram point in milliseconds, as received or as a difference of two
 * cumulative points: bounds, a count per bucket with +Inf last, and the total count.
 *
 * @param startNanos start of the interval the counts cover (0 when unknown)
 * @param timeNanos end of that interval
 */
record HistogramPoint(long startNanos, long timeNanos, double[] boundsMs, long[] counts, long count) {
    /** This cumulative point minus an earlier one of the same series with the same bounds. */
    HistogramPoint minus(HistogramPoint earlier) {
        long[] diff = new long[counts.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = counts[i] - earlier.counts[i];
        }
        return new HistogramPoint(earlier.timeNanos, timeNanos, boundsMs, diff, count - earlier.count);
    }

    /**
     * True when this point cannot follow {@code earlier} in one cumulative stream: the series
     * restarted (a new start time, or a count or bucket that went down) or its buckets changed.
     */
    boolean restartedSince(HistogramPoint earlier) {
        if (startNanos != earlier.startNanos || count < earlier.count || !Arrays.equals(boundsMs, earlier.boundsMs)) {
            return true;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < earlier.counts[i]) {
                return true;
            }
        }
        return false;
    }
}
