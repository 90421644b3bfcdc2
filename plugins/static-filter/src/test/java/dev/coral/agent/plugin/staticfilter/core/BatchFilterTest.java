package dev.coral.agent.plugin.staticfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfig;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter reuses what it keeps and rebuilds only the containers it changed. */
class BatchFilterTest {
    /** Keeps errors and spans over 500 ms, samples nothing else. */
    private final BatchFilter filter = new BatchFilter(new ServiceJudges(
            new StaticFilterConfig(new FilterRules(true, 500, 0.0), Map.of())));
    private final Traces traces = new Traces(8);

    private static ScopeSpans scope(String name, Span... spans) {
        return ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(name))
                .setSchemaUrl("scope-schema-" + name).addAllSpans(List.of(spans)).build();
    }

    private static ResourceSpans resource(String service, ScopeSpans... scopes) {
        return ResourceSpans.newBuilder().setResource(Traces.service(service)).setSchemaUrl("resource-schema-" + service)
                .addAllScopeSpans(List.of(scopes)).build();
    }

    @Test
    void whenNothingIsDroppedTheSameRequestComesBack() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("a", scope("s1", traces.error(), traces.slow(900))))
                .addResourceSpans(resource("b", scope("s2", traces.error()), scope("s3")))
                .build();
        Tally tally = new Tally();
        assertThat(filter.filter(request, tally)).isSameAs(request);
        assertThat(tally.received()).isEqualTo(3);
        assertThat(tally.dropped()).isZero();
    }

    @Test
    void keptSpansAreTheSameObjectsAndEmptiedEntriesAreLeftOut() {
        Span error = traces.error();
        Span slow = traces.slow(800);
        Span error2 = traces.error();
        ResourceSpans untouched = resource("untouched", scope("u", traces.error()));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("a",
                        scope("mixed", traces.normal(), error, traces.normal(), slow),
                        scope("all-dropped", traces.normal(), traces.normal()),
                        scope("kept", error2)))
                .addResourceSpans(resource("gone", scope("g1", traces.normal()), scope("g2", traces.normal())))
                .addResourceSpans(untouched)
                .build();

        Tally tally = new Tally();
        ExportTraceServiceRequest out = filter.filter(request, tally);

        assertThat(out.getResourceSpansList()).hasSize(2);
        ResourceSpans a = out.getResourceSpans(0);
        assertThat(a.getResource()).isSameAs(request.getResourceSpans(0).getResource());
        assertThat(a.getSchemaUrl()).isEqualTo("resource-schema-a");
        assertThat(a.getScopeSpansList()).extracting(s -> s.getScope().getName()).containsExactly("mixed", "kept");
        assertThat(a.getScopeSpans(0).getSchemaUrl()).isEqualTo("scope-schema-mixed");
        assertThat(a.getScopeSpans(0).getSpans(0)).isSameAs(error);
        assertThat(a.getScopeSpans(0).getSpans(1)).isSameAs(slow);
        // A scope with nothing dropped is not rebuilt either.
        assertThat(a.getScopeSpans(1)).isSameAs(request.getResourceSpans(0).getScopeSpans(2));
        assertThat(out.getResourceSpans(1)).isSameAs(untouched);

        assertThat(tally.received()).isEqualTo(10);
        assertThat(tally.count(Verdict.KEPT_ERROR)).isEqualTo(3);
        assertThat(tally.count(Verdict.KEPT_LATENCY)).isEqualTo(1);
        assertThat(tally.dropped()).isEqualTo(6);
    }

    @Test
    void whenEverythingIsDroppedNoEntryRemains() {
        ExportTraceServiceRequest request = Traces.request("a", List.of(traces.normal(), traces.normal()));
        Tally tally = new Tally();
        assertThat(filter.filter(request, tally).getResourceSpansCount()).isZero();
        assertThat(tally.kept()).isZero();
        assertThat(tally.dropped()).isEqualTo(2);
    }

    @Test
    void theFirstRuleThatKeepsASpanIsTheOneCounted() {
        Span slowError = traces.span(traces.traceId(), 900, io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        Tally tally = new Tally();
        filter.filter(Traces.request("a", List.of(slowError)), tally);
        assertThat(tally.count(Verdict.KEPT_ERROR)).isEqualTo(1);
        assertThat(tally.count(Verdict.KEPT_LATENCY)).isZero();
    }
}
