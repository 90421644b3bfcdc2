package dev.coral.agent.api.query;

/**
 * The five kinds of OTLP metric data point; a store keeps each kind in a table of its own, with
 * its own seq ids.
 *
 * @since 0.1.0
 */
public enum MetricPointType {
    /** A value sampled at a time (OTLP Gauge). */
    GAUGE,
    /** A value added up over time, cumulative or in deltas, monotonic or not (OTLP Sum). */
    SUM,
    /** Counts in buckets of explicit bounds, with count, sum, min and max (OTLP Histogram). */
    HISTOGRAM,
    /** Counts in base-2 exponential buckets (OTLP ExponentialHistogram). */
    EXPONENTIAL_HISTOGRAM,
    /** Count, sum and quantile values computed by the sender (OTLP Summary, a legacy type). */
    SUMMARY
}
