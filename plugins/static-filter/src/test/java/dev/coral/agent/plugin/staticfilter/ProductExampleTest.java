package dev.coral.agent.plugin.staticfilter;

import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.DROPPED;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.KEPT;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.RECEIVED;
import static dev.coral.agent.plugin.staticfilter.core.FilterCounters.RULE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Processor;
import dev.coral.agent.plugin.staticfilter.support.CapturingConsumer;
import dev.coral.agent.plugin.staticfilter.support.Filters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product's own example (AGENT.md, "Static Filtering"): 100 error spans, 50 spans over
 * 500 ms and 1000 normal spans at sample rate 0.10 keep 100 + 50 + about 100.
 */
class ProductExampleTest {
    /**
     * Two-sided 99.9 % bounds of Binomial(1000, 0.10): mean 100, sd 9.49, z = 3.29, so 100 ± 31.
     * The ids are seeded, so each run is repeatable; several seeds show it is no lucky one.
     */
    private static final int LOW = 69;
    private static final int HIGH = 131;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void keepsEveryErrorEverySlowSpanAndAboutOneInTenOfTheRest(long seed) {
        Traces traces = new Traces(seed);
        List<Span> errors = new ArrayList<>();
        List<Span> slow = new ArrayList<>();
        List<Span> normal = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            errors.add(traces.error());
        }
        for (int i = 0; i < 50; i++) {
            slow.add(traces.slow(501 + i * 10));
        }
        for (int i = 0; i < 1000; i++) {
            normal.add(traces.normal());
        }
        List<Span> all = new ArrayList<>(errors);
        all.addAll(slow);
        all.addAll(normal);
        Collections.shuffle(all, new Random(seed));

        TestComponentContext context = Filters.context();
        CapturingConsumer next = new CapturingConsumer();
        Processor<ExportTraceServiceRequest> filter = Filters.processor("""
                always-capture-errors = true
                high-latency-threshold-ms = 500.0
                sample-rate = 0.10
                """, context, next);
        for (int from = 0; from < all.size(); from += 100) {
            filter.consume(Traces.request("checkout", all.subList(from, Math.min(all.size(), from + 100))))
                    .toCompletableFuture().join();
        }

        List<Span> kept = next.spans();
        assertThat(kept).containsAll(errors).containsAll(slow);
        long sampled = kept.stream().filter(normal::contains).count();
        assertThat(sampled).isBetween((long) LOW, (long) HIGH);
        assertThat(kept).hasSize(150 + (int) sampled);

        var counters = context.telemetry();
        assertThat(counters.value(RECEIVED)).isEqualTo(1150);
        assertThat(counters.value(KEPT, Map.of(RULE, "error"))).isEqualTo(100);
        assertThat(counters.value(KEPT, Map.of(RULE, "latency"))).isEqualTo(50);
        assertThat(counters.value(KEPT, Map.of(RULE, "sampled"))).isEqualTo(sampled);
        assertThat(counters.value(DROPPED)).isEqualTo(1000 - sampled);
    }
}
