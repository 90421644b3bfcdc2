package dev.coral.agent.plugin.staticfilter.core;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * Filters an OTLP export request as in place as immutable messages allow: kept {@link Span}
 * objects are reused, never rebuilt; a scope or resource entry is rebuilt only when some of
 * its spans are dropped, and left out when none remain; when nothing is dropped the very same
 * request object comes back.
 */
public final class BatchFilter {
    private final ServiceJudges judges;

    public BatchFilter(ServiceJudges judges) {
        this.judges = judges;
    }

    /**
     * The request with the dropped spans removed, counting every verdict in {@code tally}. When
     * {@code tally.dropped()} is 0 the result is {@code request} itself.
     */
    public ExportTraceServiceRequest filter(ExportTraceServiceRequest request, Tally tally) {
        List<ResourceSpans> in = request.getResourceSpansList();
        List<ResourceSpans> out = Pruning.prune(in, rs -> filterResource(rs, tally));
        if (out == in) {
            return request;
        }
        return request.toBuilder().clearResourceSpans().addAllResourceSpans(out).build();
    }

    private ResourceSpans filterResource(ResourceSpans resourceSpans, Tally tally) {
        SpanJudge judge = judges.forResource(resourceSpans.getResource());
        List<ScopeSpans> in = resourceSpans.getScopeSpansList();
        List<ScopeSpans> out = Pruning.prune(in, ss -> filterScope(ss, judge, tally));
        if (out == in) {
            return resourceSpans;
        }
        return out.isEmpty() ? null : resourceSpans.toBuilder().clearScopeSpans().addAllScopeSpans(out).build();
    }

    private static ScopeSpans filterScope(ScopeSpans scopeSpans, SpanJudge judge, Tally tally) {
        List<Span> in = scopeSpans.getSpansList();
        List<Span> out = Pruning.prune(in, span -> tally.add(judge.judge(span)).kept() ? span : null);
        if (out == in) {
            return scopeSpans;
        }
        return out.isEmpty() ? null : scopeSpans.toBuilder().clearSpans().addAllSpans(out).build();
    }
}
