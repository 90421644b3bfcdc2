package dev.coral.agent.api.query;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One stored OTLP metric data point of any {@link MetricPointType}, with its metric, resource and
 * scope. Immutable; built with {@link #builder()}. The values of other types than {@link #type()}
 * keep their defaults: 0, false, empty text, empty lists, no sum/min/max; {@code {}} for the
 * attribute objects and {@code []} for exemplars. Text is never null.
 *
 * @since 0.1.0
 */
public final class MetricPointRow {
    /**
     * One quantile of a summary point.
     *
     * @param quantile in [0, 1]: 0 the minimum, 0.5 the median, 1 the maximum
     * @param value the value at that quantile
     * @since 0.1.0
     */
    public record Quantile(double quantile, double value) {}

    private final long seqId;
    private final MetricPointType type;
    private final long timeUnixNano;
    private final long startTimeUnixNano;
    private final String serviceName;
    private final String metricName;
    private final String description;
    private final String unit;
    private final String attributesJson;
    private final String resourceAttributesJson;
    private final String scopeName;
    private final String scopeVersion;
    private final int flags;
    private final String exemplarsJson;
    private final double value;
    private final boolean isInt;
    private final long intValue;
    private final String aggregationTemporality;
    private final boolean isMonotonic;
    private final long count;
    private final OptionalDouble sum;
    private final OptionalDouble min;
    private final OptionalDouble max;
    private final List<Long> bucketCounts;
    private final List<Double> explicitBounds;
    private final int scale;
    private final long zeroCount;
    private final double zeroThreshold;
    private final int positiveOffset;
    private final List<Long> positiveBucketCounts;
    private final int negativeOffset;
    private final List<Long> negativeBucketCounts;
    private final List<Quantile> quantiles;

    private MetricPointRow(Builder b) {
        seqId = b.seqId;
        type = b.type;
        timeUnixNano = b.timeUnixNano;
        startTimeUnixNano = b.startTimeUnixNano;
        serviceName = b.serviceName;
        metricName = b.metricName;
        description = b.description;
        unit = b.unit;
        attributesJson = b.attributesJson;
        resourceAttributesJson = b.resourceAttributesJson;
        scopeName = b.scopeName;
        scopeVersion = b.scopeVersion;
        flags = b.flags;
        exemplarsJson = b.exemplarsJson;
        value = b.value;
        isInt = b.isInt;
        intValue = b.intValue;
        aggregationTemporality = b.aggregationTemporality;
        isMonotonic = b.isMonotonic;
        count = b.count;
        sum = b.sum;
        min = b.min;
        max = b.max;
        bucketCounts = List.copyOf(b.bucketCounts);
        explicitBounds = List.copyOf(b.explicitBounds);
        scale = b.scale;
        zeroCount = b.zeroCount;
        zeroThreshold = b.zeroThreshold;
        positiveOffset = b.positiveOffset;
        positiveBucketCounts = List.copyOf(b.positiveBucketCounts);
        negativeOffset = b.negativeOffset;
        negativeBucketCounts = List.copyOf(b.negativeBucketCounts);
        quantiles = List.copyOf(b.quantiles);
    }

    /**
     * A builder with every value at its default.
     *
     * @since 0.1.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this row's values: for a copy that differs in a few.
     *
     * @since 0.1.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seqId = seqId;
        b.type = type;
        b.timeUnixNano = timeUnixNano;
        b.startTimeUnixNano = startTimeUnixNano;
        b.serviceName = serviceName;
        b.metricName = metricName;
        b.description = description;
        b.unit = unit;
        b.attributesJson = attributesJson;
        b.resourceAttributesJson = resourceAttributesJson;
        b.scopeName = scopeName;
        b.scopeVersion = scopeVersion;
        b.flags = flags;
        b.exemplarsJson = exemplarsJson;
        b.value = value;
        b.isInt = isInt;
        b.intValue = intValue;
        b.aggregationTemporality = aggregationTemporality;
        b.isMonotonic = isMonotonic;
        b.count = count;
        b.sum = sum;
        b.min = min;
        b.max = max;
        b.bucketCounts = bucketCounts;
        b.explicitBounds = explicitBounds;
        b.scale = scale;
        b.zeroCount = zeroCount;
        b.zeroThreshold = zeroThreshold;
        b.positiveOffset = positiveOffset;
        b.positiveBucketCounts = positiveBucketCounts;
        b.negativeOffset = negativeOffset;
        b.negativeBucketCounts = negativeBucketCounts;
        b.quantiles = quantiles;
        return b;
    }

    /** Dense per-table sequence (unsigned): each type has its own. */
    public long seqId() {
        return seqId;
    }

    /** Which kind of point this is, and so which of the values below are its own. */
    public MetricPointType type() {
        return type;
    }

    /** When the point was taken (the end of its interval), Unix ns. */
    public long timeUnixNano() {
        return timeUnixNano;
    }

    /** The start of the point's interval (cumulative: since the series started), Unix ns; 0 when not given. */
    public long startTimeUnixNano() {
        return startTimeUnixNano;
    }

    /** The resource's {@code service.name}, {@code unknown_service} when it has none. */
    public String serviceName() {
        return serviceName;
    }

    /** The metric's name, e.g. {@code http.server.request.duration}. */
    public String metricName() {
        return metricName;
    }

    /** The metric's description, or empty. */
    public String description() {
        return description;
    }

    /** The metric's unit (UCUM, e.g. {@code ms}, {@code By}, {@code {request}}), or empty. */
    public String unit() {
        return unit;
    }

    /** The point's attributes as a JSON object. */
    public String attributesJson() {
        return attributesJson;
    }

    /** The resource's attributes as a JSON object. */
    public String resourceAttributesJson() {
        return resourceAttributesJson;
    }

    /** The instrumentation scope's name, or empty. */
    public String scopeName() {
        return scopeName;
    }

    /** The instrumentation scope's version, or empty. */
    public String scopeVersion() {
        return scopeVersion;
    }

    /** OTLP's DataPointFlags (1: no recorded value). */
    public int flags() {
        return flags;
    }

    /**
     * The point's exemplars as a JSON array of {@code {"time_unix_nano", "value", "trace_id", "span_id",
     * "filtered_attributes"}}.
     */
    public String exemplarsJson() {
        return exemplarsJson;
    }

    /** Gauge and sum: the value; an integer point's as a double (exact up to 2^53, see {@link #intValue}). */
    public double value() {
        return value;
    }

    /** Gauge and sum: true when the sender sent an integer ({@link #intValue} is then exact). */
    public boolean isInt() {
        return isInt;
    }

    /** Gauge and sum: the integer value when {@link #isInt}, else 0. */
    public long intValue() {
        return intValue;
    }

    /** Sum, histogram, exponential histogram: {@code cumulative}, {@code delta} or {@code unspecified}; else empty. */
    public String aggregationTemporality() {
        return aggregationTemporality;
    }

    /** Sum: whether it only grows (a counter; an up-down counter is not). */
    public boolean isMonotonic() {
        return isMonotonic;
    }

    /** Histogram, exponential histogram, summary: how many values the point counts. */
    public long count() {
        return count;
    }

    /** Histogram, exponential histogram, summary: the values' sum, when the sender gave it. */
    public OptionalDouble sum() {
        return sum;
    }

    /** Histogram, exponential histogram: the smallest value, when given. */
    public OptionalDouble min() {
        return min;
    }

    /** Histogram, exponential histogram: the largest value, when given. */
    public OptionalDouble max() {
        return max;
    }

    /** Histogram: one count per bucket, one more than {@link #explicitBounds} (the last is +Inf). */
    public List<Long> bucketCounts() {
        return bucketCounts;
    }

    /** Histogram: the buckets' upper bounds (inclusive), ascending. */
    public List<Double> explicitBounds() {
        return explicitBounds;
    }

    /** Exponential histogram: the scale; bucket boundaries are powers of 2^(2^-scale). */
    public int scale() {
        return scale;
    }

    /** Exponential histogram: values within {@link #zeroThreshold} of zero. */
    public long zeroCount() {
        return zeroCount;
    }

    /** Exponential histogram: the width of the zero bucket (0: exact zeros only). */
    public double zeroThreshold() {
        return zeroThreshold;
    }

    /** Exponential histogram: the index of the first positive bucket. */
    public int positiveOffset() {
        return positiveOffset;
    }

    /** Exponential histogram: counts of the positive buckets from {@link #positiveOffset}. */
    public List<Long> positiveBucketCounts() {
        return positiveBucketCounts;
    }

    /** Exponential histogram: the index of the first negative bucket. */
    public int negativeOffset() {
        return negativeOffset;
    }

    /** Exponential histogram: counts of the negative buckets from {@link #negativeOffset}. */
    public List<Long> negativeBucketCounts() {
        return negativeBucketCounts;
    }

    /** Summary: the quantiles the sender computed. */
    public List<Quantile> quantiles() {
        return quantiles;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricPointRow r
                && seqId == r.seqId
                && type == r.type
                && timeUnixNano == r.timeUnixNano
                && startTimeUnixNano == r.startTimeUnixNano
                && serviceName.equals(r.serviceName)
                && metricName.equals(r.metricName)
                && description.equals(r.description)
                && unit.equals(r.unit)
                && attributesJson.equals(r.attributesJson)
                && resourceAttributesJson.equals(r.resourceAttributesJson)
                && scopeName.equals(r.scopeName)
                && scopeVersion.equals(r.scopeVersion)
                && flags == r.flags
                && exemplarsJson.equals(r.exemplarsJson)
                && Double.compare(value, r.value) == 0
                && isInt == r.isInt
                && intValue == r.intValue
                && aggregationTemporality.equals(r.aggregationTemporality)
                && isMonotonic == r.isMonotonic
                && count == r.count
                && sum.equals(r.sum)
                && min.equals(r.min)
                && max.equals(r.max)
                && bucketCounts.equals(r.bucketCounts)
                && explicitBounds.equals(r.explicitBounds)
                && scale == r.scale
                && zeroCount == r.zeroCount
                && Double.compare(zeroThreshold, r.zeroThreshold) == 0
                && positiveOffset == r.positiveOffset
                && positiveBucketCounts.equals(r.positiveBucketCounts)
                && negativeOffset == r.negativeOffset
                && negativeBucketCounts.equals(r.negativeBucketCounts)
                && quantiles.equals(r.quantiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seqId, type, timeUnixNano, startTimeUnixNano, serviceName, metricName, description, unit,
                attributesJson, resourceAttributesJson, scopeName, scopeVersion, flags, exemplarsJson, value, isInt,
                intValue, aggregationTemporality, isMonotonic, count, sum, min, max, bucketCounts, explicitBounds,
                scale, zeroCount, zeroThreshold, positiveOffset, positiveBucketCounts, negativeOffset,
                negativeBucketCounts, quantiles);
    }

    @Override
    public String toString() {
        return "MetricPointRow[seqId=" + seqId + ", type=" + type + ", metricName=" + metricName + ", serviceName="
                + serviceName + ", timeUnixNano=" + timeUnixNano + ", attributes=" + attributesJson + ", value=" + value
                + ", count=" + count + ", sum=" + sum + "]";
    }

    /**
     * Collects a {@link MetricPointRow}'s values; what is not set keeps its default. Not thread-safe.
     * Null text reads as the default; null lists as empty.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private long seqId;
        private MetricPointType type = MetricPointType.GAUGE;
        private long timeUnixNano;
        private long startTimeUnixNano;
        private String serviceName = "";
        private String metricName = "";
        private String description = "";
        private String unit = "";
        private String attributesJson = "{}";
        private String resourceAttributesJson = "{}";
        private String scopeName = "";
        private String scopeVersion = "";
        private int flags;
        private String exemplarsJson = "[]";
        private double value;
        private boolean isInt;
        private long intValue;
        private String aggregationTemporality = "";
        private boolean isMonotonic;
        private long count;
        private OptionalDouble sum = OptionalDouble.empty();
        private OptionalDouble min = OptionalDouble.empty();
        private OptionalDouble max = OptionalDouble.empty();
        private List<Long> bucketCounts = List.of();
        private List<Double> explicitBounds = List.of();
        private int scale;
        private long zeroCount;
        private double zeroThreshold;
        private int positiveOffset;
        private List<Long> positiveBucketCounts = List.of();
        private int negativeOffset;
        private List<Long> negativeBucketCounts = List.of();
        private List<Quantile> quantiles = List.of();

        private Builder() {}

        public Builder seqId(long seqId) {
            this.seqId = seqId;
            return this;
        }

        /** Null reads as the default, GAUGE. */
        public Builder type(MetricPointType type) {
            this.type = type == null ? MetricPointType.GAUGE : type;
            return this;
        }

        public Builder timeUnixNano(long timeUnixNano) {
            this.timeUnixNano = timeUnixNano;
            return this;
        }

        public Builder startTimeUnixNano(long startTimeUnixNano) {
            this.startTimeUnixNano = startTimeUnixNano;
            return this;
        }

        public Builder serviceName(String serviceName) {
            this.serviceName = text(serviceName, "");
            return this;
        }

        public Builder metricName(String metricName) {
            this.metricName = text(metricName, "");
            return this;
        }

        public Builder description(String description) {
            this.description = text(description, "");
            return this;
        }

        public Builder unit(String unit) {
            this.unit = text(unit, "");
            return this;
        }

        public Builder attributesJson(String attributesJson) {
            this.attributesJson = text(attributesJson, "{}");
            return this;
        }

        public Builder resourceAttributesJson(String resourceAttributesJson) {
            this.resourceAttributesJson = text(resourceAttributesJson, "{}");
            return this;
        }

        public Builder scopeName(String scopeName) {
            this.scopeName = text(scopeName, "");
            return this;
        }

        public Builder scopeVersion(String scopeVersion) {
            this.scopeVersion = text(scopeVersion, "");
            return this;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Builder exemplarsJson(String exemplarsJson) {
            this.exemplarsJson = text(exemplarsJson, "[]");
            return this;
        }

        /** A floating-point value (gauge, sum). */
        public Builder value(double value) {
            this.value = value;
            this.isInt = false;
            this.intValue = 0;
            return this;
        }

        /** An integer value (gauge, sum): sets {@link #value} to it as a double too. */
        public Builder intValue(long intValue) {
            this.value = intValue;
            this.isInt = true;
            this.intValue = intValue;
            return this;
        }

        public Builder aggregationTemporality(String aggregationTemporality) {
            this.aggregationTemporality = text(aggregationTemporality, "");
            return this;
        }

        public Builder isMonotonic(boolean isMonotonic) {
            this.isMonotonic = isMonotonic;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        /** Empty when the sender gave none; null reads as empty. */
        public Builder sum(OptionalDouble sum) {
            this.sum = sum == null ? OptionalDouble.empty() : sum;
            return this;
        }

        public Builder min(OptionalDouble min) {
            this.min = min == null ? OptionalDouble.empty() : min;
            return this;
        }

        public Builder max(OptionalDouble max) {
            this.max = max == null ? OptionalDouble.empty() : max;
            return this;
        }

        public Builder bucketCounts(List<Long> bucketCounts) {
            this.bucketCounts = bucketCounts == null ? List.of() : bucketCounts;
            return this;
        }

        public Builder explicitBounds(List<Double> explicitBounds) {
            this.explicitBounds = explicitBounds == null ? List.of() : explicitBounds;
            return this;
        }

        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        public Builder zeroCount(long zeroCount) {
            this.zeroCount = zeroCount;
            return this;
        }

        public Builder zeroThreshold(double zeroThreshold) {
            this.zeroThreshold = zeroThreshold;
            return this;
        }

        public Builder positiveOffset(int positiveOffset) {
            this.positiveOffset = positiveOffset;
            return this;
        }

        public Builder positiveBucketCounts(List<Long> positiveBucketCounts) {
            this.positiveBucketCounts = positiveBucketCounts == null ? List.of() : positiveBucketCounts;
            return this;
        }

        public Builder negativeOffset(int negativeOffset) {
            this.negativeOffset = negativeOffset;
            return this;
        }

        public Builder negativeBucketCounts(List<Long> negativeBucketCounts) {
            this.negativeBucketCounts = negativeBucketCounts == null ? List.of() : negativeBucketCounts;
            return this;
        }

        public Builder quantiles(List<Quantile> quantiles) {
            this.quantiles = quantiles == null ? List.of() : quantiles;
            return this;
        }

        /** The row; the builder may go on to build others. */
        public MetricPointRow build() {
            return new MetricPointRow(this);
        }

        private static String text(String s, String def) {
            return s == null ? def : s;
        }
    }
}
