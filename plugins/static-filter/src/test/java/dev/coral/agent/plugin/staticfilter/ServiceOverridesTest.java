package dev.coral.agent.plugin.staticfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Processor;
import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import dev.coral.agent.plugin.staticfilter.support.CapturingConsumer;
import dev.coral.agent.plugin.staticfilter.support.Filters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-service rules, chosen by the resource's service.name; what an override leaves out is inherited. */
class ServiceOverridesTest {
    private static final String CONFIG = """
            always-capture-errors = true
            high-latency-threshold-ms = 500
            sample-rate = 0.0
            services {
              checkout { sample-rate = 1.0 }
              payments { always-capture-errors = false }
              "search.v2" { high-latency-threshold-ms = 100 }
            }
            """;

    private final Traces traces = new Traces(17);
    private final CapturingConsumer next = new CapturingConsumer();
    private final Processor<ExportTraceServiceRequest> filter = Filters.processor(CONFIG, Filters.context(), next);

    private List<Span> keptOf(ExportTraceServiceRequest request) {
        next.batches().clear();
        filter.consume(request).toCompletableFuture().join();
        return next.spans();
    }

    @Test
    void overridesInheritWhatTheyDoNotSet() {
        assertThat(Filters.config(CONFIG).services()).containsOnlyKeys("checkout", "payments", "search.v2")
                .containsEntry("checkout", new FilterRules(true, 500, 1.0))
                .containsEntry("payments", new FilterRules(false, 500, 0.0))
                .containsEntry("search.v2", new FilterRules(true, 100, 0.0));
    }

    @Test
    void aServiceWithAFullSampleRateKeepsEverything() {
        List<Span> spans = List.of(traces.normal(), traces.normal(), traces.normal());
        assertThat(keptOf(Traces.request("checkout", spans))).containsExactlyElementsOf(spans);
    }

    @Test
    void aServiceCanStopCapturingErrorsButStillKeepsSlowSpans() {
        Span error = traces.error();
        Span slow = traces.slow(600);
        assertThat(keptOf(Traces.request("payments", List.of(error, slow)))).containsExactly(slow);
    }

    @Test
    void aServiceCanLowerTheLatencyThreshold() {
        Span at200 = traces.slow(200);
        Span error = traces.error();
        assertThat(keptOf(Traces.request("search.v2", List.of(at200, traces.normal(), error))))
                .containsExactly(at200, error);
    }

    @Test
    void otherServicesAndResourcesWithoutAServiceNameUseTheDefaults() {
        Span at200 = traces.slow(200);
        Span error = traces.error();
        assertThat(keptOf(Traces.request("cart", List.of(at200, error, traces.normal())))).containsExactly(error);

        Span error2 = traces.error();
        ExportTraceServiceRequest anonymous = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(traces.normal()).addSpans(error2)))
                .build();
        assertThat(keptOf(anonymous)).containsExactly(error2);
    }

    @Test
    void oneRequestMixingServicesAppliesEachServicesRules() {
        Span checkoutSpan = traces.normal();
        Span paymentsError = traces.error();
        Span cartSpan = traces.normal();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(Traces.resourceSpans("checkout", List.of(checkoutSpan)))
                .addResourceSpans(Traces.resourceSpans("payments", List.of(paymentsError)))
                .addResourceSpans(Traces.resourceSpans("cart", List.of(cartSpan)))
                .build();
        List<Span> kept = keptOf(request);
        assertThat(kept).containsExactly(checkoutSpan);
        assertThat(next.batches().getFirst().getResourceSpansList()).singleElement()
                .isSameAs(request.getResourceSpans(0));
    }
}
