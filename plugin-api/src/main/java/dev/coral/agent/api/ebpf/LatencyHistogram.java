package dev.coral.agent.api.ebpf;

import java.util.Arrays;

/**
 * A latency distribution: explicit bucket bounds in milliseconds and one count per bucket,
 * the last bucket being +Inf ({@code counts.length == boundsMs.length + 1}), as OTLP's explicit
 * bucket histograms are.
 *
 * @param boundsMs upper bounds, strictly increasing, milliseconds
 * @param counts observations per bucket, the last for values above every bound
 *
 * @since 0.1.0
 */
public record LatencyHistogram(double[] boundsMs, long[] counts) {
    public LatencyHistogram {
        if (counts.length != boundsMs.length + 1) {
            throw new IllegalArgumentException("a histogram has one count per bound plus +Inf: "
                    + boundsMs.length + " bounds, " + counts.length + " counts");
        }
        for (int i = 1; i < boundsMs.length; i++) {
            if (!(boundsMs[i] > boundsMs[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must strictly increase: " + Arrays.toString(boundsMs));
            }
        }
        boundsMs = boundsMs.clone();
        counts = counts.clone();
    }

    @Override
    public double[] boundsMs() {
        return boundsMs.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Observations in every bucket. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && Arrays.equals(boundsMs, h.boundsMs) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boundsMs) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[boundsMs=" + Arrays.toString(boundsMs) + ", counts=" + Arrays.toString(counts) + "]";
    }
}
