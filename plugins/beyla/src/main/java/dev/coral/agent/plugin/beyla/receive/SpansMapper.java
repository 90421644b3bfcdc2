package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Beyla's spans to eBPF span rows: ids in lowercase hex (the parent empty for a root), the kind
 * without its {@code SPAN_KIND_} prefix (unspecified read as INTERNAL, as OTLP asks), start in
 * milliseconds, duration in microseconds, the OTLP status code, attributes as strings, the
 * service and {@code process.pid} from the resource.
 */
final class SpansMapper {
    private static final HexFormat HEX = HexFormat.of();

    private SpansMapper() {}

    static Mapped map(ExportTraceServiceRequest request) {
        List<EbpfSpan> spans = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, String> resource = AttributeValues.strings(rs.getResource().getAttributesList());
            String service = resource.getOrDefault("service.name", "");
            int pid = (int) AttributeValues.integer(resource.get("process.pid")).orElse(0);
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans.add(span(s, service.isEmpty() ? "unknown_service" : service, pid));
                }
            }
        }
        return Mapped.of(new EbpfBatch(List.of(), List.of(), List.of(), spans));
    }

    static EbpfSpan span(Span s, String service, int pid) {
        long durationNanos = Math.max(0, s.getEndTimeUnixNano() - s.getStartTimeUnixNano());
        return new EbpfSpan(HEX.formatHex(s.getTraceId().toByteArray()), HEX.formatHex(s.getSpanId().toByteArray()),
                HEX.formatHex(s.getParentSpanId().toByteArray()), service, s.getName(), kind(s.getKind()),
                s.getStartTimeUnixNano() / 1_000_000, durationNanos / 1_000, s.getStatus().getCodeValue(),
                AttributeValues.strings(s.getAttributesList()), pid);
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_PRODUCER -> "PRODUCER";
            case SPAN_KIND_CONSUMER -> "CONSUMER";
            default -> "INTERNAL";
        };
    }
}
