package dev.coral.agent.plugin.staticfilter.bench;

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
import java.util.Random;

/**
 * The benchmark's batch, shaped like an SDK export: 512 spans across 8 services (resources),
 * 2 instrumentation scopes each, with a few attributes per span. 5 % are errors, 5 % take
 * 600 ms, the rest 1 to 200 ms; trace ids are random (seeded, so every run sees the same batch).
 */
final class BenchBatches {
    static final int SPANS = 512;
    static final int RESOURCES = 8;
    static final int SCOPES_PER_RESOURCE = 2;
    private static final long START = 1_763_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private BenchBatches() {}

    static ExportTraceServiceRequest mixed() {
        Random random = new Random(512);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        int perScope = SPANS / RESOURCES / SCOPES_PER_RESOURCE;
        for (int r = 0; r < RESOURCES; r++) {
            ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(Resource.newBuilder()
                    .addAttributes(attr("service.name", "service-" + r))
                    .addAttributes(attr("host.name", "host-1"))
                    .addAttributes(attr("telemetry.sdk.language", "java")));
            for (int s = 0; s < SCOPES_PER_RESOURCE; s++) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.http-" + s).setVersion("2.10.0"));
                for (int i = 0; i < perScope; i++) {
                    scope.addSpans(span(random));
                }
                rs.addScopeSpans(scope);
            }
            request.addResourceSpans(rs);
        }
        return request.build();
    }

    private static Span span(Random random) {
        int kind = random.nextInt(100);
        Status.StatusCode code = kind < 5 ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET;
        long durationMs = kind >= 5 && kind < 10 ? 600 : 1 + random.nextInt(200);
        return Span.newBuilder().setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8))
                .setParentSpanId(bytes(random, 8)).setName("GET /api/orders/{id}")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(START).setEndTimeUnixNano(START + durationMs * MS)
                .addAttributes(attr("http.request.method", "GET"))
                .addAttributes(attr("http.route", "/api/orders/{id}"))
                .addAttributes(attr("url.scheme", "https"))
                .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(code == Status.StatusCode.STATUS_CODE_ERROR ? 500 : 200)))
                .setStatus(Status.newBuilder().setCode(code))
                .build();
    }

    private static ByteString bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
