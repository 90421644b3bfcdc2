package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.telemetry.Counter;

/**
 * Bounds on what one value may take in the database, as the OpenTelemetry SDKs' attribute value
 * length limit: a longer string is cut and ends with a marker saying how much was cut, and the
 * cut is counted. Why: DuckDB must hold a whole string in its buffer pool to write it, so a few
 * multi-megabyte values made commits and checkpoints fail at the store's memory limit.
 *
 * @param maxValueLength characters kept of one string (an attribute value or key, a span name,
 *     a status message)
 * @param maxAttributesLength characters of one JSON attributes column; past it the remaining
 *     attributes are dropped and counted in a {@code "coral.dropped_attributes"} member
 * @param truncated counts values cut and attribute lists shortened
 */
record ValueLimits(int maxValueLength, int maxAttributesLength, Counter truncated) {
    /** No limit: for reading, and for tests of other things. */
    static final ValueLimits NONE = new ValueLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, new Counter() {
        @Override
        public void add(long n) {
        }

        @Override
        public long value() {
            return 0;
        }
    });

    /** {@code s}, or its first {@link #maxValueLength} characters and a marker. */
    String text(String s) {
        if (s.length() <= maxValueLength) {
            return s;
        }
        truncated.increment();
        return s.substring(0, maxValueLength) + marker(s.length() - maxValueLength);
    }

    static String marker(int cut) {
        return "...[truncated " + cut + " chars]";
    }
}
