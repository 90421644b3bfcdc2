package dev.coral.agent.plugin.staticfilter;

import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.DROPPED;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.KEPT;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.RECEIVED;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.RULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Processor;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.plugin.staticfilter.support.CapturingConsumer;
import dev.coral.agent.plugin.staticfilter.support.Filters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestTelemetry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StaticFilterProcessorTest {
    private final Traces traces = new Traces(23);
    private final TestComponentContext context = Filters.context();
    private final CapturingConsumer next = new CapturingConsumer();

    @Test
    void countsWhatItReceivesKeepsByEachRuleAndDrops() {
        Processor<ExportTraceServiceRequest> filter = Filters.processor("sample-rate = 0.5", context, next);
        List<Span> first = new ArrayList<>(List.of(traces.error(), traces.error(), traces.slow(700)));
        List<Span> sampled = new ArrayList<>();
        List<Span> dropped = new ArrayList<>();
        while (sampled.size() < 4 || dropped.size() < 5) {
            Span s = traces.normal();
            boolean keep = (s.getTraceId().byteAt(9) & 0x80) != 0; // R >= 2^55 at rate 0.5
            if (keep && sampled.size() < 4) {
                sampled.add(s);
            } else if (!keep && dropped.size() < 5) {
                dropped.add(s);
            }
        }
        first.addAll(sampled);
        first.addAll(dropped);
        filter.consume(Traces.request("a", first)).toCompletableFuture().join();
        filter.consume(Traces.request("b", List.of(traces.error()))).toCompletableFuture().join();

        TestTelemetry counters = context.telemetry();
        assertThat(counters.value(RECEIVED)).isEqualTo(13);
        assertThat(counters.value(KEPT, Map.of(RULE, "error"))).isEqualTo(3);
        assertThat(counters.value(KEPT, Map.of(RULE, "latency"))).isEqualTo(1);
        assertThat(counters.value(KEPT, Map.of(RULE, "sampled"))).isEqualTo(4);
        assertThat(counters.value(DROPPED)).isEqualTo(5);
        assertThat(next.spans()).hasSize(8).doesNotContainAnyElementsOf(dropped);
    }

    @Test
    void aBatchWithNothingKeptCompletesSuccessfullyWithoutReachingDownstream() {
        Processor<ExportTraceServiceRequest> filter = Filters.processor("sample-rate = 0", context,
                batch -> {
                    throw new AssertionError("downstream must not be called");
                });
        CompletableFuture<Void> done = filter.consume(Traces.request("a", List.of(traces.normal(), traces.normal())))
                .toCompletableFuture();
        assertThat(done).isCompleted().isNotCompletedExceptionally();
        assertThat(context.telemetry().value(DROPPED)).isEqualTo(2);
    }

    @Test
    void anEmptyRequestIsPassedOnAsItIs() {
        Processor<ExportTraceServiceRequest> filter = Filters.processor("", context, next);
        ExportTraceServiceRequest empty = ExportTraceServiceRequest.getDefaultInstance();
        filter.consume(empty).toCompletableFuture().join();
        assertThat(next.batches()).singleElement().isSameAs(empty);
    }

    @Test
    void theDownstreamCompletionIsReturnedSoRefusalsReachTheReceiver() {
        CompletableFuture<Void> downstream = new CompletableFuture<>();
        Processor<ExportTraceServiceRequest> filter = Filters.processor("", context, batch -> downstream);
        CompletableFuture<Void> done = filter.consume(Traces.request("a", List.of(traces.error()))).toCompletableFuture();
        assertThat(done).isNotDone();
        downstream.completeExceptionally(RefusedException.overloaded("store full", Duration.ofSeconds(1)));
        assertThatThrownBy(done::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RefusedException.class);
    }

    @Test
    void onlyTracesPipelinesCanUseIt() {
        var factory = new StaticFilterFactory().factory();
        assertThat(factory.type()).isEqualTo("static-filter");
        assertThat(factory.signals()).containsExactly(Signal.TRACES);
        assertThatThrownBy(() -> factory.create(context, factory.defaultConfig(), Signal.METRICS,
                batch -> CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not carry metrics");
    }
}
