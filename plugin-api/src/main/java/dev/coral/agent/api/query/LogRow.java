package dev.coral.agent.api.query;

import java.util.Objects;

/**
 * One stored log record (OTLP LogRecord) with its resource and scope. Immutable; built with
 * {@link #builder()}, so that a store or a caller need not change when a column is added. A value
 * not set reads as its default: 0, empty text, {@code {}} for attributes. Text is never null.
 * Attributes and a structured body come as {@link AttributeJson}'s JSON text, so their types survive.
 *
 * @since 0.1.0
 */
public final class LogRow {
    private final long seqId;
    private final long timestampUnixNano;
    private final long observedTimestampUnixNano;
    private final String traceId;
    private final String spanId;
    private final int traceFlags;
    private final String severityText;
    private final int severityNumber;
    private final String serviceName;
    private final String bodyType;
    private final String body;
    private final String attributesJson;
    private final String resourceAttributesJson;
    private final String scopeName;
    private final String scopeVersion;
    private final String eventName;

    private LogRow(Builder b) {
        this.seqId = b.seqId;
        this.timestampUnixNano = b.timestampUnixNano;
        this.observedTimestampUnixNano = b.observedTimestampUnixNano;
        this.traceId = b.traceId;
        this.spanId = b.spanId;
        this.traceFlags = b.traceFlags;
        this.severityText = b.severityText;
        this.severityNumber = b.severityNumber;
        this.serviceName = b.serviceName;
        this.bodyType = b.bodyType;
        this.body = b.body;
        this.attributesJson = b.attributesJson;
        this.resourceAttributesJson = b.resourceAttributesJson;
        this.scopeName = b.scopeName;
        this.scopeVersion = b.scopeVersion;
        this.eventName = b.eventName;
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
        b.timestampUnixNano = timestampUnixNano;
        b.observedTimestampUnixNano = observedTimestampUnixNano;
        b.traceId = traceId;
        b.spanId = spanId;
        b.traceFlags = traceFlags;
        b.severityText = severityText;
        b.severityNumber = severityNumber;
        b.serviceName = serviceName;
        b.bodyType = bodyType;
        b.body = body;
        b.attributesJson = attributesJson;
        b.resourceAttributesJson = resourceAttributesJson;
        b.scopeName = scopeName;
        b.scopeVersion = scopeVersion;
        b.eventName = eventName;
        return b;
    }

    /** Dense per-table sequence (unsigned). */
    public long seqId() {
        return seqId;
    }

    /** The record's time, Unix ns; its observed time when it had none (else when the store took it). */
    public long timestampUnixNano() {
        return timestampUnixNano;
    }

    /** When the record was observed (by an SDK or collector), Unix ns; 0 when not set. */
    public long observedTimestampUnixNano() {
        return observedTimestampUnixNano;
    }

    /** 32 hex chars, or empty when the record came from outside a trace. */
    public String traceId() {
        return traceId;
    }

    /** 16 hex chars, or empty. */
    public String spanId() {
        return spanId;
    }

    /** W3C trace flags (bit 0: sampled); 0 when not set. */
    public int traceFlags() {
        return traceFlags;
    }

    /** The severity as the source named it ("WARN", "warning"...), or empty. */
    public String severityText() {
        return severityText;
    }

    /** OTLP severity: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL; 0 unspecified. */
    public int severityNumber() {
        return severityNumber;
    }

    /** The resource's {@code service.name}. */
    public String serviceName() {
        return serviceName;
    }

    /** The body's OTLP value type: string, bool, int, double, bytes, array or kvlist; empty when there is no body. */
    public String bodyType() {
        return bodyType;
    }

    /** A string body as it is; any other body as one {@link AttributeJson} value; empty without a body. */
    public String body() {
        return body;
    }

    /** The record's attributes as a JSON object. */
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

    /** The event's name when the record is an event, or empty. */
    public String eventName() {
        return eventName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRow r
                && seqId == r.seqId
                && timestampUnixNano == r.timestampUnixNano
                && observedTimestampUnixNano == r.observedTimestampUnixNano
                && traceId.equals(r.traceId)
                && spanId.equals(r.spanId)
                && traceFlags == r.traceFlags
                && severityText.equals(r.severityText)
                && severityNumber == r.severityNumber
                && serviceName.equals(r.serviceName)
                && bodyType.equals(r.bodyType)
                && body.equals(r.body)
                && attributesJson.equals(r.attributesJson)
                && resourceAttributesJson.equals(r.resourceAttributesJson)
                && scopeName.equals(r.scopeName)
                && scopeVersion.equals(r.scopeVersion)
                && eventName.equals(r.eventName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seqId, timestampUnixNano, observedTimestampUnixNano, traceId, spanId, traceFlags,
                severityText, severityNumber, serviceName, bodyType, body, attributesJson, resourceAttributesJson,
                scopeName, scopeVersion, eventName);
    }

    @Override
    public String toString() {
        return "LogRow[seqId=" + seqId + ", timestampUnixNano=" + timestampUnixNano + ", serviceName=" + serviceName
                + ", severityNumber=" + severityNumber + ", traceId=" + traceId + ", body=" + body + "]";
    }

    /**
     * Collects a {@link LogRow}'s values; what is not set keeps its default. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private long seqId = 0;
        private long timestampUnixNano = 0;
        private long observedTimestampUnixNano = 0;
        private String traceId = "";
        private String spanId = "";
        private int traceFlags = 0;
        private String severityText = "";
        private int severityNumber = 0;
        private String serviceName = "";
        private String bodyType = "";
        private String body = "";
        private String attributesJson = "{}";
        private String resourceAttributesJson = "{}";
        private String scopeName = "";
        private String scopeVersion = "";
        private String eventName = "";

        private Builder() {}

        /** Dense per-table sequence (unsigned). */
        public Builder seqId(long seqId) {
            this.seqId = seqId;
            return this;
        }

        /** The record's time, Unix ns; its observed time when it had none (else when the store took it). */
        public Builder timestampUnixNano(long timestampUnixNano) {
            this.timestampUnixNano = timestampUnixNano;
            return this;
        }

        /** When the record was observed (by an SDK or collector), Unix ns; 0 when not set. */
        public Builder observedTimestampUnixNano(long observedTimestampUnixNano) {
            this.observedTimestampUnixNano = observedTimestampUnixNano;
            return this;
        }

        /** 32 hex chars, or empty when the record came from outside a trace. Null reads as the default. */
        public Builder traceId(String traceId) {
            this.traceId = traceId == null ? "" : traceId;
            return this;
        }

        /** 16 hex chars, or empty. Null reads as the default. */
        public Builder spanId(String spanId) {
            this.spanId = spanId == null ? "" : spanId;
            return this;
        }

        /** W3C trace flags (bit 0: sampled); 0 when not set. */
        public Builder traceFlags(int traceFlags) {
            this.traceFlags = traceFlags;
            return this;
        }

        /** The severity as the source named it ("WARN", "warning"...), or empty. Null reads as the default. */
        public Builder severityText(String severityText) {
            this.severityText = severityText == null ? "" : severityText;
            return this;
        }

        /** OTLP severity: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL; 0 unspecified. */
        public Builder severityNumber(int severityNumber) {
            this.severityNumber = severityNumber;
            return this;
        }

        /** The resource's {@code service.name}. Null reads as the default. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName == null ? "" : serviceName;
            return this;
        }

        /**
         * The body's OTLP value type: string, bool, int, double, bytes, array or kvlist; empty when
         * there is no body. Null reads as the default.
         */
        public Builder bodyType(String bodyType) {
            this.bodyType = bodyType == null ? "" : bodyType;
            return this;
        }

        /**
         * A string body as it is; any other body as one {@link AttributeJson} value; empty without
         * a body. Null reads as the default.
         */
        public Builder body(String body) {
            this.body = body == null ? "" : body;
            return this;
        }

        /** The record's attributes as a JSON object. Null reads as the default. */
        public Builder attributesJson(String attributesJson) {
            this.attributesJson = attributesJson == null ? "{}" : attributesJson;
            return this;
        }

        /** The resource's attributes as a JSON object. Null reads as the default. */
        public Builder resourceAttributesJson(String resourceAttributesJson) {
            this.resourceAttributesJson = resourceAttributesJson == null ? "{}" : resourceAttributesJson;
            return this;
        }

        /** The instrumentation scope's name, or empty. Null reads as the default. */
        public Builder scopeName(String scopeName) {
            this.scopeName = scopeName == null ? "" : scopeName;
            return this;
        }

        /** The instrumentation scope's version, or empty. Null reads as the default. */
        public Builder scopeVersion(String scopeVersion) {
            this.scopeVersion = scopeVersion == null ? "" : scopeVersion;
            return this;
        }

        /** The event's name when the record is an event, or empty. Null reads as the default. */
        public Builder eventName(String eventName) {
            this.eventName = eventName == null ? "" : eventName;
            return this;
        }

        /** The row; the builder may go on to build others. */
        public LogRow build() {
            return new LogRow(this);
        }
    }
}
