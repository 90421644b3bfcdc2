package dev.coral.agent.api.query;

import java.util.Map;
import java.util.Objects;

/**
 * One stored span: the colony's TelemetrySpan fields and the debugging extras. Immutable; built
 * with {@link #builder()}, so that a store or a caller need not change when a column is added.
 * A value not set reads as its default: 0, false, empty text, no attributes, {@code {}} for the
 * typed and the resource attributes and {@code []} for events and links. Text is never null. The
 * JSON values keep the attributes' types as {@link AttributeJson} describes (and reads them).
 *
 * @since 0.1.0
 */
public final class SpanRow {
    private final long seqId;
    private final long timestampMillis;
    private final String traceId;
    private final String spanId;
    private final String parentSpanId;
    private final String serviceName;
    private final String spanName;
    private final String spanKind;
    private final double durationMs;
    private final boolean isError;
    private final String statusMessage;
    private final int httpStatus;
    private final String httpMethod;
    private final String httpRoute;
    private final Map<String, String> attributes;
    private final String attributesJson;
    private final long startTimeUnixNano;
    private final long endTimeUnixNano;
    private final String scopeName;
    private final String resourceAttributesJson;
    private final String eventsJson;
    private final String linksJson;
    private final String statusCode;
    private final String scopeVersion;

    private SpanRow(Builder b) {
        this.seqId = b.seqId;
        this.timestampMillis = b.timestampMillis;
        this.traceId = b.traceId;
        this.spanId = b.spanId;
        this.parentSpanId = b.parentSpanId;
        this.serviceName = b.serviceName;
        this.spanName = b.spanName;
        this.spanKind = b.spanKind;
        this.durationMs = b.durationMs;
        this.isError = b.isError;
        this.statusMessage = b.statusMessage;
        this.httpStatus = b.httpStatus;
        this.httpMethod = b.httpMethod;
        this.httpRoute = b.httpRoute;
        this.attributes = Map.copyOf(b.attributes);
        this.attributesJson = b.attributesJson;
        this.startTimeUnixNano = b.startTimeUnixNano;
        this.endTimeUnixNano = b.endTimeUnixNano;
        this.scopeName = b.scopeName;
        this.resourceAttributesJson = b.resourceAttributesJson;
        this.eventsJson = b.eventsJson;
        this.linksJson = b.linksJson;
        this.statusCode = b.statusCode;
        this.scopeVersion = b.scopeVersion;
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
        b.timestampMillis = timestampMillis;
        b.traceId = traceId;
        b.spanId = spanId;
        b.parentSpanId = parentSpanId;
        b.serviceName = serviceName;
        b.spanName = spanName;
        b.spanKind = spanKind;
        b.durationMs = durationMs;
        b.isError = isError;
        b.statusMessage = statusMessage;
        b.httpStatus = httpStatus;
        b.httpMethod = httpMethod;
        b.httpRoute = httpRoute;
        b.attributes = attributes;
        b.attributesJson = attributesJson;
        b.startTimeUnixNano = startTimeUnixNano;
        b.endTimeUnixNano = endTimeUnixNano;
        b.scopeName = scopeName;
        b.resourceAttributesJson = resourceAttributesJson;
        b.eventsJson = eventsJson;
        b.linksJson = linksJson;
        b.statusCode = statusCode;
        b.scopeVersion = scopeVersion;
        return b;
    }

    /** Dense per-table sequence (unsigned). */
    public long seqId() {
        return seqId;
    }

    /** Span start, Unix ms. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** 32 hex chars. */
    public String traceId() {
        return traceId;
    }

    /** 16 hex chars. */
    public String spanId() {
        return spanId;
    }

    /** 16 hex chars, or empty for a root span. */
    public String parentSpanId() {
        return parentSpanId;
    }

    /** The resource's {@code service.name}. */
    public String serviceName() {
        return serviceName;
    }

    /** The span's name. */
    public String spanName() {
        return spanName;
    }

    /** SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER (or UNSPECIFIED). */
    public String spanKind() {
        return spanKind;
    }

    /** End minus start, in milliseconds. */
    public double durationMs() {
        return durationMs;
    }

    /** Whether the span's status is ERROR. */
    public boolean isError() {
        return isError;
    }

    /** The status message, or empty. */
    public String statusMessage() {
        return statusMessage;
    }

    /** The HTTP response status; 0 when absent. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The HTTP request method, or empty. */
    public String httpMethod() {
        return httpMethod;
    }

    /** The HTTP route, or empty. */
    public String httpRoute() {
        return httpRoute;
    }

    /** Span attributes as strings (arrays and kvlists as their JSON), as the colony's map<string,string> wants. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * Span attributes as a JSON object keeping their types ({@link AttributeJson}: ints, doubles,
     * bools, arrays, kvlists, bytes), in the order sent; {@link AttributeJson#keyValues} reads them.
     *
     * @since 0.1.0
     */
    public String attributesJson() {
        return attributesJson;
    }

    /** Span start, Unix ns. */
    public long startTimeUnixNano() {
        return startTimeUnixNano;
    }

    /** Span end, Unix ns. */
    public long endTimeUnixNano() {
        return endTimeUnixNano;
    }

    /** The instrumentation scope's name, or empty. */
    public String scopeName() {
        return scopeName;
    }

    /** The resource's attributes as a JSON object keeping their types ({@link AttributeJson}). */
    public String resourceAttributesJson() {
        return resourceAttributesJson;
    }

    /** Span events as a JSON array: name, time_unix_nano, typed attributes ({@link AttributeJson#events}). */
    public String eventsJson() {
        return eventsJson;
    }

    /** Span links as a JSON array: trace_id, span_id, typed attributes ({@link AttributeJson#links}). */
    public String linksJson() {
        return linksJson;
    }

    /**
     * The status code: UNSET, OK or ERROR; empty for a span a store kept before it kept the code
     * ({@link #isError()} still tells ERROR then).
     *
     * @since 0.1.0
     */
    public String statusCode() {
        return statusCode;
    }

    /**
     * The instrumentation scope's version, or empty.
     *
     * @since 0.1.0
     */
    public String scopeVersion() {
        return scopeVersion;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpanRow r
                && seqId == r.seqId
                && timestampMillis == r.timestampMillis
                && traceId.equals(r.traceId)
                && spanId.equals(r.spanId)
                && parentSpanId.equals(r.parentSpanId)
                && serviceName.equals(r.serviceName)
                && spanName.equals(r.spanName)
                && spanKind.equals(r.spanKind)
                && Double.compare(durationMs, r.durationMs) == 0
                && isError == r.isError
                && statusMessage.equals(r.statusMessage)
                && httpStatus == r.httpStatus
                && httpMethod.equals(r.httpMethod)
                && httpRoute.equals(r.httpRoute)
                && attributes.equals(r.attributes)
                && attributesJson.equals(r.attributesJson)
                && startTimeUnixNano == r.startTimeUnixNano
                && endTimeUnixNano == r.endTimeUnixNano
                && scopeName.equals(r.scopeName)
                && resourceAttributesJson.equals(r.resourceAttributesJson)
                && eventsJson.equals(r.eventsJson)
                && linksJson.equals(r.linksJson)
                && statusCode.equals(r.statusCode)
                && scopeVersion.equals(r.scopeVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seqId, timestampMillis, traceId, spanId, parentSpanId, serviceName, spanName, spanKind,
                durationMs, isError, statusMessage, httpStatus, httpMethod, httpRoute, attributes, attributesJson,
                startTimeUnixNano, endTimeUnixNano, scopeName, resourceAttributesJson, eventsJson, linksJson,
                statusCode, scopeVersion);
    }

    @Override
    public String toString() {
        return "SpanRow[seqId=" + seqId + ", traceId=" + traceId + ", spanId=" + spanId + ", serviceName="
                + serviceName + ", spanName=" + spanName + ", timestampMillis=" + timestampMillis + "]";
    }

    /**
     * Collects a {@link SpanRow}'s values; what is not set keeps its default. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private long seqId = 0;
        private long timestampMillis = 0;
        private String traceId = "";
        private String spanId = "";
        private String parentSpanId = "";
        private String serviceName = "";
        private String spanName = "";
        private String spanKind = "";
        private double durationMs = 0;
        private boolean isError = false;
        private String statusMessage = "";
        private int httpStatus = 0;
        private String httpMethod = "";
        private String httpRoute = "";
        private Map<String, String> attributes = Map.of();
        private String attributesJson = "{}";
        private long startTimeUnixNano = 0;
        private long endTimeUnixNano = 0;
        private String scopeName = "";
        private String resourceAttributesJson = "{}";
        private String eventsJson = "[]";
        private String linksJson = "[]";
        private String statusCode = "";
        private String scopeVersion = "";

        private Builder() {}

        /** Dense per-table sequence (unsigned). */
        public Builder seqId(long seqId) {
            this.seqId = seqId;
            return this;
        }

        /** Span start, Unix ms. */
        public Builder timestampMillis(long timestampMillis) {
            this.timestampMillis = timestampMillis;
            return this;
        }

        /** 32 hex chars. Null reads as the default. */
        public Builder traceId(String traceId) {
            this.traceId = traceId == null ? "" : traceId;
            return this;
        }

        /** 16 hex chars. Null reads as the default. */
        public Builder spanId(String spanId) {
            this.spanId = spanId == null ? "" : spanId;
            return this;
        }

        /** 16 hex chars, or empty for a root span. Null reads as the default. */
        public Builder parentSpanId(String parentSpanId) {
            this.parentSpanId = parentSpanId == null ? "" : parentSpanId;
            return this;
        }

        /** The resource's {@code service.name}. Null reads as the default. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName == null ? "" : serviceName;
            return this;
        }

        /** The span's name. Null reads as the default. */
        public Builder spanName(String spanName) {
            this.spanName = spanName == null ? "" : spanName;
            return this;
        }

        /** SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER (or UNSPECIFIED). Null reads as the default. */
        public Builder spanKind(String spanKind) {
            this.spanKind = spanKind == null ? "" : spanKind;
            return this;
        }

        /** End minus start, in milliseconds. */
        public Builder durationMs(double durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        /** Whether the span's status is ERROR. */
        public Builder isError(boolean isError) {
            this.isError = isError;
            return this;
        }

        /** The status message, or empty. Null reads as the default. */
        public Builder statusMessage(String statusMessage) {
            this.statusMessage = statusMessage == null ? "" : statusMessage;
            return this;
        }

        /** The HTTP response status; 0 when absent. */
        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /** The HTTP request method, or empty. Null reads as the default. */
        public Builder httpMethod(String httpMethod) {
            this.httpMethod = httpMethod == null ? "" : httpMethod;
            return this;
        }

        /** The HTTP route, or empty. Null reads as the default. */
        public Builder httpRoute(String httpRoute) {
            this.httpRoute = httpRoute == null ? "" : httpRoute;
            return this;
        }

        /** Span attributes as strings. Copied when the row is built; null reads as none. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes == null ? Map.of() : attributes;
            return this;
        }

        /**
         * Span attributes as a JSON object keeping their types ({@link AttributeJson}). Null reads as the default.
         *
         * @since 0.1.0
         */
        public Builder attributesJson(String attributesJson) {
            this.attributesJson = attributesJson == null ? "{}" : attributesJson;
            return this;
        }

        /** Span start, Unix ns. */
        public Builder startTimeUnixNano(long startTimeUnixNano) {
            this.startTimeUnixNano = startTimeUnixNano;
            return this;
        }

        /** Span end, Unix ns. */
        public Builder endTimeUnixNano(long endTimeUnixNano) {
            this.endTimeUnixNano = endTimeUnixNano;
            return this;
        }

        /** The instrumentation scope's name, or empty. Null reads as the default. */
        public Builder scopeName(String scopeName) {
            this.scopeName = scopeName == null ? "" : scopeName;
            return this;
        }

        /** The resource's attributes as a JSON object. Null reads as the default. */
        public Builder resourceAttributesJson(String resourceAttributesJson) {
            this.resourceAttributesJson = resourceAttributesJson == null ? "{}" : resourceAttributesJson;
            return this;
        }

        /** Span events as a JSON array. Null reads as the default. */
        public Builder eventsJson(String eventsJson) {
            this.eventsJson = eventsJson == null ? "[]" : eventsJson;
            return this;
        }

        /** Span links as a JSON array. Null reads as the default. */
        public Builder linksJson(String linksJson) {
            this.linksJson = linksJson == null ? "[]" : linksJson;
            return this;
        }

        /**
         * UNSET, OK or ERROR; empty when unknown. Null reads as the default.
         *
         * @since 0.1.0
         */
        public Builder statusCode(String statusCode) {
            this.statusCode = statusCode == null ? "" : statusCode;
            return this;
        }

        /**
         * The instrumentation scope's version, or empty. Null reads as the default.
         *
         * @since 0.1.0
         */
        public Builder scopeVersion(String scopeVersion) {
            this.scopeVersion = scopeVersion == null ? "" : scopeVersion;
            return this;
        }

        /** The row; the builder may go on to build others. */
        public SpanRow build() {
            return new SpanRow(this);
        }
    }
}
