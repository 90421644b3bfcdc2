package dev.coral.agent.dist;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Export requests for the soak: each is one trace of {@code spans} spans with span ids 1..n, and
 * its trace id names the sender and request, so the store can be checked for every acknowledged
 * request exactly once.
 */
final class SoakTraffic {
    private final Span[] template;

    SoakTraffic(int spans) {
        long now = System.currentTimeMillis() * 1_000_000L;
        template = new Span[spans];
        for (int i = 0; i < spans; i++) {
            template[i] = Span.newBuilder()
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(i + 1L).array()))
                    .setName(i == 0 ? "GET /api/orders/{id}" : "SELECT orders")
                    .setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(now + i * 1000L).setEndTimeUnixNano(now + i * 1000L + 2_000_000L)
                    .addAttributes(attr("http.request.method", "GET"))
                    .addAttributes(attr("http.route", "/api/orders/{id}"))
                    .addAttributes(attr("db.system", "postgresql"))
                    .addAttributes(attr("db.statement", "SELECT id, status, total FROM orders WHERE customer_id = $1"))
                    .addAttributes(attr("net.peer.name", "db-" + (i % 7) + ".internal"))
                    .build();
        }
    }

    /** The trace id of request {@code seq} of sender {@code sender}: 16 bytes, never zero. */
    static ByteString traceId(int sender, long seq) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5a5a_0000_0000_0000L | sender).putLong(seq + 1).array());
    }

    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    ExportTraceServiceRequest request(ByteString traceId, String service) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span s : template) {
            scope.addSpans(s.toBuilder().setTraceId(traceId));
        }
        return wrap(scope, service);
    }

    /**
     * The same requests, encoded once and then only patched: each gets its own trace id by
     * copying the encoding and writing the id where the template's is. Cheap enough that a few
     * test threads can send faster than the agent can store.
     */
    Encoded encoded(String service) {
        ByteString placeholder = traceId(0xffff, 0x7fff_ffff_ffffL);
        byte[] bytes = request(placeholder, service).toByteArray();
        byte[] id = placeholder.toByteArray();
        int[] at = new int[template.length];
        int found = 0;
        for (int i = 0; i + id.length <= bytes.length && found < at.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + id.length, id, 0, id.length)) {
                at[found++] = i;
                i += id.length - 1;
            }
        }
        if (found != template.length) {
            throw new IllegalStateException("found the trace id " + found + " times, expected " + template.length);
        }
        return new Encoded(bytes, at);
    }

    /** An encoded request and where its spans' trace ids are. */
    record Encoded(byte[] bytes, int[] traceIdOffsets) {
        byte[] withTraceId(ByteString traceId) {
            byte[] out = bytes.clone();
            for (int at : traceIdOffsets) {
                traceId.copyTo(out, at);
            }
            return out;
        }
    }

    /** One span with one attribute of {@code bytes} letters: a value large enough to hurt. */
    static ExportTraceServiceRequest poison(ByteString traceId, int bytes) {
        long now = System.currentTimeMillis() * 1_000_000L;
        Span span = Span.newBuilder().setTraceId(traceId)
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(1).array()))
                .setName("poison").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000_000L)
                .addAttributes(attr("payload", "p".repeat(bytes))).build();
        return wrap(ScopeSpans.newBuilder().addSpans(span), "poison");
    }

    private static ExportTraceServiceRequest wrap(ScopeSpans.Builder scope, String service) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(scope)).build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
