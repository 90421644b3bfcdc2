package dev.coral.agent.runtime.telemetry;

import dev.coral.agent.api.telemetry.Histogram;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A histogram of fixed buckets; each recording is one binary search and two adds. */
final class BucketHistogram implements Histogram {
    private final double[] bounds;
    private final LongAdder[] buckets; // one per bound, then the one above the last bound
    private final DoubleAdder sum = new DoubleAdder();

    BucketHistogram(List<Double> bounds) {
        this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 1; i < this.bounds.length; i++) {
            if (!(this.bounds[i] > this.bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must ascend: " + bounds);
            }
        }
        this.buckets = new LongAdder[this.bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public void record(double value) {
        int i = java.util.Arrays.binarySearch(bounds, value);
        buckets[i >= 0 ? i : -i - 1].increment(); // a value equal to a bound belongs to its bucket (le)
        sum.add(value);
    }

    @Override
    public long count() {
        long n = 0;
        for (LongAdder b : buckets) {
            n += b.sum();
        }
        return n;
    }

    @Override
    public double sum() {
        return sum.sum();
    }

    double[] bounds() {
        return bounds;
    }

    /** Cumulative counts: element i counts the values up to bounds[i]; the last, all of them. */
    long[] cumulative() {
        long[] out = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            out[i] = running;
        }
        return out;
    }
}
