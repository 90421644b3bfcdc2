package dev.coral.agent.plugin.staticfilter.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Spans and OTLP requests for tests, with random ids from a seeded generator (repeatable). */
public final class Traces {
    public static final long START = 1_763_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final Random random;

    public Traces(long seed) {
        this.random = new Random(seed);
    }

    public ByteString traceId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return ByteString.copyFrom(id);
    }

    public ByteString spanId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        id[0] |= 1; // never all zero
        return ByteString.copyFrom(id);
    }

    /** A 10 ms span with status UNSET in a new random trace. */
    public Span normal() {
        return span(traceId(), 10, Status.StatusCode.STATUS_CODE_UNSET);
    }

    /** A 10 ms span with status ERROR in a new random trace. */
    public Span error() {
        return span(traceId(), 10, Status.StatusCode.STATUS_CODE_ERROR);
    }

    /** A span of {@code durationMs} with status OK in a new random trace. */
    public Span slow(long durationMs) {
        return span(traceId(), durationMs, Status.StatusCode.STATUS_CODE_OK);
    }

    public Span span(ByteString traceId, long durationMs, Status.StatusCode code) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(spanId()).setName("op")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(START).setEndTimeUnixNano(START + durationMs * MS)
                .setStatus(Status.newBuilder().setCode(code)).build();
    }

    /** A trace id whose last 7 bytes are {@code randomness}, the first 9 bytes {@code high}. */
    public static ByteString traceIdWithRandomness(long randomness, byte high) {
        byte[] id = new byte[16];
        for (int i = 0; i < 9; i++) {
            id[i] = high;
        }
        for (int i = 15; i >= 9; i--) {
            id[i] = (byte) randomness;
            randomness >>>= 8;
        }
        return ByteString.copyFrom(id);
    }

    public static Resource service(String name) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(name))).build();
    }

    /** One resource of {@code service}, one scope, these spans. */
    public static ResourceSpans resourceSpans(String service, Collection<Span> spans) {
        return ResourceSpans.newBuilder().setResource(service(service)).setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"))
                        .addAllSpans(spans))
                .build();
    }

    public static ExportTraceServiceRequest request(String service, Collection<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans(service, spans)).build();
    }

    /** Every span of these requests, in order. */
    public static List<Span> spansOf(List<ExportTraceServiceRequest> requests) {
        return requests.stream().flatMap(r -> spansOf(r).stream()).toList();
    }

    public static List<Span> spansOf(ExportTraceServiceRequest request) {
        List<Span> out = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                out.addAll(ss.getSpansList());
            }
        }
        return out;
    }

    public static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }
}
