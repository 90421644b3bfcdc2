package dev.coral.agent.support.otlp;

import com.google.protobuf.ByteString;

/** The OTLP rules for trace and span ids (W3C trace context: fixed sizes, never all zero). */
final class Ids {
    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    private static final ByteString ZERO_TRACE_ID = ByteString.copyFrom(new byte[TRACE_ID_BYTES]);
    private static final ByteString ZERO_SPAN_ID = ByteString.copyFrom(new byte[SPAN_ID_BYTES]);

    private Ids() {}

    /** Why a required trace id is invalid, or null when it is valid. */
    static String traceIdProblem(ByteString id) {
        if (id.size() != TRACE_ID_BYTES) {
            return "trace_id is " + id.size() + " bytes, expected 16";
        }
        return id.equals(ZERO_TRACE_ID) ? "trace_id is all zeros" : null;
    }

    /** Why a required span id is invalid, or null when it is valid. */
    static String spanIdProblem(ByteString id, String field) {
        if (id.size() != SPAN_ID_BYTES) {
            return field + " is " + id.size() + " bytes, expected 8";
        }
        return id.equals(ZERO_SPAN_ID) ? field + " is all zeros" : null;
    }

    /** An optional id: empty, or else valid. */
    static String optionalTraceIdProblem(ByteString id) {
        return id.isEmpty() ? null : traceIdProblem(id);
    }

    static String optionalSpanIdProblem(ByteString id, String field) {
        return id.isEmpty() ? null : spanIdProblem(id, field);
    }
}
