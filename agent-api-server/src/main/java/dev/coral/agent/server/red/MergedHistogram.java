package dev.coral.agent.server.red;

import java.util.Arrays;

/**
 * Latency histograms of one series added up over a time range, and quantiles estimated from the
 * sum. Histograms with different bounds are merged on the bounds they share (always exact: a
 * bucket's count moves up to the next shared bound, which still contains the whole bucket), so a
 * change of Beyla's buckets coarsens the answer instead of falsifying it. Not thread-safe.
 */
public final class MergedHistogram {
    /** A quantile in ms; {@code above}: it falls in the +Inf bucket, so it is more than {@code ms}. */
    public record Quantile(double ms, boolean above) {}

    private double[] bounds;
    private long[] counts;

    /**
     * Adds one histogram.
     *
     * @param bounds upper bounds, increasing, ms
     * @param counts one per bound, then +Inf
     */
    public void add(double[] bounds, long[] counts) {
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException(bounds.length + " bounds need " + (bounds.length + 1) + " counts, got "
                    + counts.length);
        }
        if (this.bounds == null) {
            this.bounds = bounds.clone();
            this.counts = counts.clone();
            return;
        }
        if (!Arrays.equals(this.bounds, bounds)) {
            double[] common = Arrays.stream(this.bounds).filter(b -> Arrays.binarySearch(bounds, b) >= 0).toArray();
            this.counts = rebucket(this.bounds, this.counts, common);
            counts = rebucket(bounds, counts, common);
            this.bounds = common;
        }
        for (int i = 0; i < counts.length; i++) {
            this.counts[i] += counts[i];
        }
    }

    /** Each bucket's count added to the first bucket of {@code to} (a subset of {@code from}) that contains it. */
    private static long[] rebucket(double[] from, long[] counts, double[] to) {
        long[] out = new long[to.length + 1];
        int j = 0;
        for (int i = 0; i < from.length; i++) {
            while (j < to.length && to[j] < from[i]) {
                j++;
            }
            out[j] += counts[i];
        }
        out[to.length] += counts[from.length];
        return out;
    }

    public double[] bounds() {
        return bounds == null ? new double[0] : bounds.clone();
    }

    /** One per bound, then +Inf. */
    public long[] counts() {
        return counts == null ? new long[] {0} : counts.clone();
    }

    public long total() {
        return counts == null ? 0 : Arrays.stream(counts).sum();
    }

    /**
     * The {@code q} quantile (0..1) as Prometheus' {@code histogram_quantile} estimates it: the
     * bucket where the rank {@code q * total} falls, linear within it from the previous bound (0
     * below the first); a first bound of 0 or less is its own answer; in the +Inf bucket, the
     * highest finite bound, marked {@code above}. Null without observations.
     */
    public Quantile quantile(double q) {
        long total = total();
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long before = 0;
        for (int b = 0; b < bounds.length; b++) {
            long cumulative = before + counts[b];
            if (cumulative >= rank && counts[b] > 0) {
                double end = bounds[b];
                if (b == 0 && end <= 0) {
                    return new Quantile(end, false);
                }
                double start = b == 0 ? 0 : bounds[b - 1];
                return new Quantile(start + (end - start) * (rank - before) / counts[b], false);
            }
            before = cumulative;
        }
        return new Quantile(bounds.length == 0 ? 0 : bounds[bounds.length - 1], true);
    }
}
