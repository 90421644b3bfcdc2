package dev.coral.agent.plugin.staticfilter.core;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The 56-bit randomness value R of a span, as W3C Trace Context Level 2 and OpenTelemetry's
 * consistent probability sampling define it: the least significant 56 bits (the last 7 bytes,
 * big-endian) of the trace id. Every span of a trace shares it, so every span of a trace gets
 * the same sampling decision, on any agent.
 *
 * <p>A span without a valid trace id (16 bytes, not all zero) uses its span id's low 56 bits
 * instead (8 bytes, not all zero); a span with neither has R = 0.
 */
public final class TraceRandomness {
    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    private static final int RANDOM_BYTES = 7;

    private TraceRandomness() {}

    public static long of(Span span) {
        ByteString traceId = span.getTraceId();
        if (traceId.size() == TRACE_ID_BYTES) {
            long r = low56(traceId);
            if (r != 0 || !allZero(traceId, TRACE_ID_BYTES - RANDOM_BYTES)) {
                return r;
            }
        }
        ByteString spanId = span.getSpanId();
        if (spanId.size() == SPAN_ID_BYTES) {
            return low56(spanId); // an all-zero span id gives 0 as well
        }
        return 0;
    }

    /** The last 7 bytes of {@code id} as an unsigned big-endian number. */
    static long low56(ByteString id) {
        long r = 0;
        for (int i = id.size() - RANDOM_BYTES; i < id.size(); i++) {
            r = (r << 8) | (id.byteAt(i) & 0xFF);
        }
        return r;
    }

    private static boolean allZero(ByteString id, int length) {
        for (int i = 0; i < length; i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
