package dev.coral.agent.support.otlp;

/**
 * What a request costs the heap while it is in flight, estimated from its encoded size before
 * it is decoded: the in-flight budget bounds heap, not wire bytes. Measured with otlp-load's
 * spans (attributes, events, resource) on Java 25: a protobuf request decodes to 5.3 times its
 * size, and the duckdb store's rows add 1.6 times more until the commit; OTLP/JSON decodes to
 * 1.5 times its text and the rows add 0.5. The factors round those up, so that the bound holds
 * for payloads of many small attributes too; payloads of few large strings cost less than
 * estimated (decoded strings take about their encoded size), which errs on the safe side.
 * Receivers reserve this, not the wire size, in the {@code InflightLedger}.
 *
 * @since 0.1.0
 */
public final class HeapCost {
    /** Heap per byte of a protobuf-encoded request, decoded and converted. */
    public static final int PROTOBUF_EXPANSION = 8;
    /** Heap per byte of an OTLP/JSON body, decoded and converted. */
    public static final int JSON_EXPANSION = 3;

    private HeapCost() {}

    /** The heap a protobuf request of {@code bytes} holds once decoded. */
    public static long ofProtobuf(long bytes) {
        return saturatedMultiply(bytes, PROTOBUF_EXPANSION);
    }

    /** The heap an OTLP/JSON body of {@code bytes} holds once decoded. */
    public static long ofJson(long bytes) {
        return saturatedMultiply(bytes, JSON_EXPANSION);
    }

    private static long saturatedMultiply(long bytes, int factor) {
        return bytes > Long.MAX_VALUE / factor ? Long.MAX_VALUE : bytes * factor;
    }
}
