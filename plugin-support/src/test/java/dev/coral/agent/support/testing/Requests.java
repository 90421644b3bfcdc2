package dev.coral.agent.support.testing;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Export requests for tests. */
public final class Requests {
    private Requests() {}

    public static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    public static Span span(String name, ByteString traceId, ByteString spanId) {
        return Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(spanId)
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L)
                .setEndTimeUnixNano(1_700_000_000_250_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("http.route")
                        .setValue(AnyValue.newBuilder().setStringValue("/orders/{id}")))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .build();
    }

    public static Span validSpan(String name, int n) {
        return span(name, id(String.format("%032x", 0x1000 + n)), id(String.format("%016x", 0x100 + n)));
    }

    public static ExportTraceServiceRequest traces(String service, Span... spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                                .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("test"))
                                .addAllSpans(java.util.List.of(spans))))
                .build();
    }

    /** {@code n} valid spans of one service. */
    public static ExportTraceServiceRequest traces(String service, int n) {
        Span[] spans = new Span[n];
        for (int i = 0; i < n; i++) {
            spans[i] = validSpan("span-" + i, i);
        }
        return traces(service, spans);
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String serviceName(ResourceSpans rs) {
        return rs.getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name"))
                .map(kv -> kv.getValue().getStringValue())
                .findFirst().orElse("");
    }
}
