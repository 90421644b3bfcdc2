package dev.coral.agent.plugin.staticfilter.config;

/**
 * The three rules of the static filter, applied to a span in this order: keep errors, keep
 * spans slower than the threshold, keep {@code sampleRate} of the rest (by trace id).
 *
 * @param alwaysCaptureErrors keep every span whose status code is ERROR
 * @param highLatencyThresholdMs keep every span whose duration (end - start) exceeds this
 * @param sampleRate the share of the remaining spans to keep, from 0.0 to 1.0
 */
public record FilterRules(boolean alwaysCaptureErrors, double highLatencyThresholdMs, double sampleRate) {
    /** The product's defaults: errors kept, 500 ms threshold, 10 % of the rest. */
    public static final FilterRules DEFAULTS = new FilterRules(true, 500.0, 0.10);

    public FilterRules {
        // NaN fails both comparisons, so it is refused too.
        if (!(highLatencyThresholdMs >= 0)) {
            throw new IllegalArgumentException("high-latency-threshold-ms must be 0 or more, got " + highLatencyThresholdMs);
        }
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample-rate must be from 0.0 to 1.0, got " + sampleRate);
        }
    }
}
