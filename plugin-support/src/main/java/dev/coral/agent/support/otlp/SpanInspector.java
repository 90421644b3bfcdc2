package dev.coral.agent.support.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Keeps spans whose ids a store can index: trace_id of 16 bytes and span_id of 8, neither all
 * zeros, and parent_span_id empty or 8 bytes. The common case (all valid) costs three size
 * checks per span and returns the request as it came; only a request with invalid spans is
 * rebuilt without them.
 */
final class SpanInspector implements Inspector<ExportTraceServiceRequest> {
    @Override
    public Inspection<ExportTraceServiceRequest> inspect(ExportTraceServiceRequest request) {
        long total = 0;
        String firstProblem = null;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    total++;
                    if (firstProblem == null) {
                        firstProblem = problem(span);
                    }
                }
            }
        }
        if (firstProblem == null) {
            return Inspection.clean(request, total);
        }
        return rebuild(request, total);
    }

    private static Inspection<ExportTraceServiceRequest> rebuild(ExportTraceServiceRequest request, long total) {
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        long rejected = 0;
        String first = null;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ResourceSpans.Builder rsb = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder ssb = ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    String p = problem(span);
                    if (p == null) {
                        ssb.addSpans(span);
                    } else {
                        rejected++;
                        if (first == null) {
                            first = p + " (span \"" + span.getName() + "\")";
                        }
                    }
                }
                if (ssb.getSpansCount() > 0) {
                    rsb.addScopeSpans(ssb);
                }
            }
            if (rsb.getScopeSpansCount() > 0) {
                out.addResourceSpans(rsb);
            }
        }
        String message = "rejected " + rejected + " of " + total + " spans with invalid ids; first: " + first;
        return new Inspection<>(out.build(), total - rejected, rejected, message);
    }

    private static String problem(Span span) {
        String p = Ids.traceIdProblem(span.getTraceId());
        if (p == null) {
            p = Ids.spanIdProblem(span.getSpanId(), "span_id");
        }
        if (p == null) {
            p = Ids.optionalSpanIdProblem(span.getParentSpanId(), "parent_span_id");
        }
        return p;
    }
}
