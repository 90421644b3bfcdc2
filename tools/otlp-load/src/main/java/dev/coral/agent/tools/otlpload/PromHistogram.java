package dev.coral.agent.tools.otlpload;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram as scraped from {@code /metrics}: cumulative counts per upper bound
 * ({@code le}), the last bound {@code +Inf}. Two scrapes differenced ({@link #minus}) give the
 * histogram of what happened between them, and {@link #quantile} estimates a quantile from its
 * buckets as Prometheus's {@code histogram_quantile} does.
 *
 * @param upperBounds ascending, the last {@code +Inf}
 * @param cumulative  observations {@code <=} each bound, non-decreasing
 */
record PromHistogram(double[] upperBounds, long[] cumulative) {
    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");

    PromHistogram {
        if (upperBounds.length == 0 || upperBounds.length != cumulative.length
                || upperBounds[upperBounds.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a histogram needs buckets ending in +Inf, got " + Arrays.toString(upperBounds));
        }
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1]) || cumulative[i] < cumulative[i - 1]) {
                throw new IllegalArgumentException("buckets must be ascending with non-decreasing counts: "
                        + Arrays.toString(upperBounds) + " " + Arrays.toString(cumulative));
            }
        }
    }

    /**
     * The {@code name_bucket} samples of a scrape ({@link AgentProcess#metrics}), summed over
     * every label set but {@code le}; null if the scrape has none.
     */
    static PromHistogram of(Map<String, Double> metrics, String name) {
        TreeMap<Double, Long> byBound = new TreeMap<>();
        String prefix = name + "_bucket";
        for (var e : metrics.entrySet()) {
            String key = e.getKey();
            if (!(key.equals(prefix) || key.startsWith(prefix + "{"))) {
                continue;
            }
            Matcher m = LE.matcher(key);
            if (!m.find()) {
                continue;
            }
            double bound = switch (m.group(1)) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                default -> Double.parseDouble(m.group(1));
            };
            byBound.merge(bound, Math.round(e.getValue()), Long::sum);
        }
        if (byBound.isEmpty()) {
            return null;
        }
        return new PromHistogram(byBound.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                byBound.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** Observations in all buckets. */
    long count() {
        return cumulative[cumulative.length - 1];
    }

    /** What was observed after {@code earlier} (a scrape of the same histogram) up to this one. */
    PromHistogram minus(PromHistogram earlier) {
        if (!Arrays.equals(upperBounds, earlier.upperBounds)) {
            throw new IllegalArgumentException("different buckets: " + Arrays.toString(upperBounds) + " vs "
                    + Arrays.toString(earlier.upperBounds));
        }
        long[] d = new long[cumulative.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cumulative[i] - earlier.cumulative[i];
            if (d[i] < 0) {
                throw new IllegalArgumentException("counts went down (was the process restarted?)");
            }
        }
        return new PromHistogram(upperBounds, d);
    }

    /**
     * The {@code q}-quantile (0..1), as {@code histogram_quantile}: the bucket that holds rank
     * {@code q * count}, interpolated linearly between its lower bound (0 for the first) and its
     * upper bound; in the {@code +Inf} bucket, the highest finite bound (the true value is
     * larger: {@link #beyondFiniteBounds} says so). NaN with no observations.
     */
    double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile in 0..1, not " + q);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < cumulative.length - 1 && cumulative[b] < rank) {
            b++;
        }
        if (upperBounds[b] == Double.POSITIVE_INFINITY) {
            return upperBounds.length > 1 ? upperBounds[upperBounds.length - 2] : Double.NaN;
        }
        double lower = b == 0 ? 0 : upperBounds[b - 1];
        long below = b == 0 ? 0 : cumulative[b - 1];
        long inBucket = cumulative[b] - below;
        if (inBucket == 0) {
            return upperBounds[b];
        }
        return lower + (upperBounds[b] - lower) * (rank - below) / inBucket;
    }

    /** Whether the {@code q}-quantile lies past the last finite bound ({@link #quantile} then understates it). */
    boolean beyondFiniteBounds(double q) {
        return count() > 0 && (cumulative.length == 1 || cumulative[cumulative.length - 2] < q * count());
    }
}
