package dev.coral.agent.runtime.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/** Small OTLP trace batches for tests. */
public final class Spans {
    private Spans() {}

    public static ExportTraceServiceRequest batch(String service, String... spanNames) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        int i = 0;
        for (String name : spanNames) {
            i++;
            scope.addSpans(Span.newBuilder().setName(name)
                    .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) i}))
                    .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) i}))
                    .setStartTimeUnixNano(1_000_000_000L * i).setEndTimeUnixNano(1_000_000_000L * i + 5_000_000));
        }
        Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    /** Every span's attributes as key=value strings, in order. */
    public static List<String> attributes(Object batch) {
        return ((ExportTraceServiceRequest) batch).getResourceSpansList().stream()
                .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream())
                .flatMap(s -> s.getAttributesList().stream())
                .map(kv -> kv.getKey() + "=" + kv.getValue().getStringValue()).toList();
    }
}
