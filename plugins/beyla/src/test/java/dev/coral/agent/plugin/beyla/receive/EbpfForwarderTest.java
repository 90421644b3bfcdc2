package dev.coral.agent.plugin.beyla.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.testkit.TestTelemetry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Between the OTLP servers and the ebpf pipeline: completion, refusal, undo, counting. */
class EbpfForwarderTest {
    private final TestTelemetry telemetry = new TestTelemetry();
    private final MappingCounters counters = new MappingCounters(telemetry);
    private final AtomicInteger undone = new AtomicInteger();
    private final AtomicInteger consumed = new AtomicInteger();
    private static final EbpfBatch ONE_SPAN = new EbpfBatch(List.of(), List.of(), List.of(), List.of(
            new EbpfSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", "s", "GET /", "SERVER", 1, 2, 0,
                    Map.of(), 0)));

    private EbpfForwarder<String> forwarder(EbpfBatch batch, RefusedException refusal) {
        return new EbpfForwarder<>(request -> new Mapped(batch, undone::incrementAndGet), b -> {
            consumed.incrementAndGet();
            return refusal == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(refusal);
        }, counters);
    }

    @Test
    void keptRowsAreCountedOnceDurable() {
        forwarder(ONE_SPAN, null).consume("request").toCompletableFuture().join();
        assertThat(telemetry.value("coral_beyla_rows", Map.of("type", "span"))).isEqualTo(1);
        assertThat(undone).hasValue(0);
    }

    @Test
    void aRefusalComesBackAsItIsAndTheMappingIsTakenBack() {
        RefusedException full = RefusedException.overloaded("full", java.time.Duration.ofSeconds(1));
        Throwable failure = forwarder(ONE_SPAN, full).consume("request").toCompletableFuture()
                .handle((ok, t) -> t).join();
        assertThat(RefusedException.of(failure)).isSameAs(full);
        assertThat(undone).hasValue(1);
        assertThat(telemetry.value("coral_beyla_rows", Map.of("type", "span"))).isZero();
    }

    @Test
    void nothingToKeepIsAnsweredAtOnceWithoutThePipeline() {
        forwarder(new EbpfBatch(List.of(), List.of(), List.of(), List.of()), null).consume("request")
                .toCompletableFuture().join();
        assertThat(consumed).hasValue(0);
    }

    @Test
    void aMappingThatThrowsIsAFailedRefusal() {
        EbpfForwarder<String> broken = new EbpfForwarder<>(request -> {
            throw new IllegalStateException("bug");
        }, b -> CompletableFuture.completedFuture(null), counters);
        Throwable failure = broken.consume("request").toCompletableFuture().handle((ok, t) -> t).join();
        assertThat(failure).isNotInstanceOf(CompletionException.class);
        assertThat(RefusedException.of(failure).reason()).isEqualTo(RefusedException.Reason.FAILED);
        assertThat(RefusedException.of(failure).getMessage()).contains("bug");
    }
}
