package dev.coral.agent.plugin.staticfilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.Processor;
import dev.coral.agent.plugin.staticfilter.core.SamplingThreshold;
import dev.coral.agent.plugin.staticfilter.support.CapturingConsumer;
import dev.coral.agent.plugin.staticfilter.support.Filters;
import dev.coral.agent.plugin.staticfilter.support.Traces;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sampling is a function of the trace id: the same on every agent, and whole traces at a time. */
class ConsistentSamplingTest {
    /** Errors and latency rules out of the way: only sampling decides. */
    private static final String SAMPLING_ONLY = """
            always-capture-errors = false
            high-latency-threshold-ms = 1e12
            sample-rate = %s
            """;

    private static Processor<ExportTraceServiceRequest> filter(double rate, CapturingConsumer next) {
        return Filters.processor(SAMPLING_ONLY.formatted(rate), Filters.context(), next);
    }

    /** {@code spanCount} spans in each of {@code traceCount} random traces, over three services. */
    private static List<Span> traces(int traceCount, int spanCount, long seed) {
        Traces t = new Traces(seed);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < traceCount; i++) {
            ByteString traceId = t.traceId();
            for (int s = 0; s < spanCount; s++) {
                spans.add(t.span(traceId, 1 + s, Status.StatusCode.STATUS_CODE_UNSET));
            }
        }
        return spans;
    }

    /** Sends {@code spans} in batches of {@code batchSize}, alternating services. */
    private static void send(Processor<ExportTraceServiceRequest> filter, List<Span> spans, int batchSize) {
        String[] services = {"checkout", "cart", "search"};
        for (int from = 0, b = 0; from < spans.size(); from += batchSize, b++) {
            filter.consume(Traces.request(services[b % services.length],
                    spans.subList(from, Math.min(spans.size(), from + batchSize)))).toCompletableFuture().join();
        }
    }

    private static Set<String> traceIds(List<Span> spans) {
        return spans.stream().map(s -> Traces.hex(s.getTraceId())).collect(Collectors.toSet());
    }

    @Test
    void twoAgentsGivenTheSameTracesKeepExactlyTheSameTraceIds() {
        List<Span> spans = traces(3000, 3, 7);
        CapturingConsumer first = new CapturingConsumer();
        send(filter(0.25, first), spans, 64);

        // Another agent: its own factory and processor, the spans in another order and batching.
        List<Span> shuffled = new ArrayList<>(spans);
        Collections.shuffle(shuffled, new Random(99));
        CapturingConsumer second = new CapturingConsumer();
        send(filter(0.25, second), shuffled, 37);

        Set<String> keptByFirst = traceIds(first.spans());
        assertThat(keptByFirst).hasSizeBetween(600, 900); // about a quarter of 3000
        assertThat(traceIds(second.spans())).isEqualTo(keptByFirst);
        assertThat(second.spans()).hasSameSizeAs(first.spans());
    }

    @Test
    void aTracesSpansAreKeptOrDroppedTogether() {
        List<Span> spans = traces(2000, 5, 11);
        Collections.shuffle(spans, new Random(5)); // a trace's spans land in different batches
        CapturingConsumer next = new CapturingConsumer();
        send(filter(0.10, next), spans, 50);

        Map<String, Long> keptPerTrace = next.spans().stream()
                .collect(Collectors.groupingBy(s -> Traces.hex(s.getTraceId()), Collectors.counting()));
        assertThat(keptPerTrace).isNotEmpty();
        assertThat(keptPerTrace.values()).allMatch(n -> n == 5);
    }

    @Test
    void theKeptShareMatchesTheRateOverManyTraces() {
        // 200 000 traces at 0.10: mean 20 000, sd 134; 99.9 % bounds ± 441.
        Traces t = new Traces(2024);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            spans.add(t.normal());
        }
        CapturingConsumer next = new CapturingConsumer();
        send(filter(0.10, next), spans, 1000);
        assertThat(next.spans().size()).isBetween(20_000 - 441, 20_000 + 441);
    }

    @Test
    void decisionsFollowTheW3cRandomnessAndTheOtelThreshold() {
        // At 0.10, T = round(0.9 * 2^56) = 0xE6666666666666: R >= T is kept, whatever the high bytes.
        long t = 0xE6666666666666L;
        assertThat(SamplingThreshold.forRate(0.10).value()).isEqualTo(t);
        Traces traces = new Traces(1);
        Function<ByteString, Span> span = id -> traces.span(id, 1, Status.StatusCode.STATUS_CODE_UNSET);
        Span atThreshold = span.apply(Traces.traceIdWithRandomness(t, (byte) 0x00));
        Span justBelow = span.apply(Traces.traceIdWithRandomness(t - 1, (byte) 0xFF));
        Span highest = span.apply(Traces.traceIdWithRandomness((1L << 56) - 1, (byte) 0x12));
        Span lowest = span.apply(Traces.traceIdWithRandomness(0, (byte) 0x7F));
        CapturingConsumer next = new CapturingConsumer();
        filter(0.10, next).consume(Traces.request("checkout", List.of(atThreshold, justBelow, highest, lowest)));
        assertThat(next.spans()).containsExactly(atThreshold, highest);
    }

    @Test
    void rateOneKeepsEverySpanAndPassesTheRequestThroughUnchanged() {
        Traces t = new Traces(3);
        List<Span> spans = new ArrayList<>(traces(500, 2, 3));
        spans.add(t.span(Traces.traceIdWithRandomness(0, (byte) 1), 1, Status.StatusCode.STATUS_CODE_UNSET));
        spans.add(Span.newBuilder().setName("no ids at all").build());
        ExportTraceServiceRequest request = Traces.request("checkout", spans);
        CapturingConsumer next = new CapturingConsumer();
        filter(1.0, next).consume(request).toCompletableFuture().join();
        assertThat(next.batches()).singleElement().isSameAs(request);
    }

    @Test
    void rateZeroKeepsNoSpanAndCompletesWithoutCallingDownstream() {
        List<Span> spans = new ArrayList<>(traces(500, 2, 4));
        spans.add(new Traces(4).span(Traces.traceIdWithRandomness((1L << 56) - 1, (byte) -1), 1,
                Status.StatusCode.STATUS_CODE_UNSET));
        CapturingConsumer next = new CapturingConsumer();
        var done = filter(0.0, next).consume(Traces.request("checkout", spans)).toCompletableFuture();
        assertThat(done).isCompleted().isNotCompletedExceptionally();
        assertThat(next.batches()).isEmpty();
    }

    @Test
    void aSpanWithoutAValidTraceIdIsSampledByItsSpanId() {
        long t = SamplingThreshold.forRate(0.5).value(); // 2^55
        List<Span> kept = new ArrayList<>();
        List<Span> dropped = new ArrayList<>();
        for (ByteString badTraceId : List.of(ByteString.EMPTY, ByteString.copyFrom(new byte[16]),
                ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))) {
            kept.add(spanWithIds(badTraceId, spanIdWithRandomness(t, (byte) 0)));
            kept.add(spanWithIds(badTraceId, spanIdWithRandomness((1L << 56) - 1, (byte) 0x80)));
            dropped.add(spanWithIds(badTraceId, spanIdWithRandomness(t - 1, (byte) 0x80)));
            dropped.add(spanWithIds(badTraceId, ByteString.EMPTY));
        }
        List<Span> all = new ArrayList<>(kept);
        all.addAll(dropped);
        CapturingConsumer next = new CapturingConsumer();
        filter(0.5, next).consume(Traces.request("checkout", all));
        assertThat(next.spans()).containsExactlyElementsOf(kept);
    }

    private static Span spanWithIds(ByteString traceId, ByteString spanId) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setName("op")
                .setStartTimeUnixNano(Traces.START).setEndTimeUnixNano(Traces.START + 1).build();
    }

    private static ByteString spanIdWithRandomness(long randomness, byte first) {
        byte[] id = new byte[8];
        id[0] = first;
        for (int i = 7; i >= 1; i--) {
            id[i] = (byte) randomness;
            randomness >>>= 8;
        }
        return ByteString.copyFrom(id);
    }
}
