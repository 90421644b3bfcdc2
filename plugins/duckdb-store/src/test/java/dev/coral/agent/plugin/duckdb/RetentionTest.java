package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes exactly the rows older than each table's window, by the clock it is given. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);
    private TestComponentContext context;
    private DuckDbStore store;

    @BeforeEach
    void start() throws Exception {
        context = TestStores.context(dir);
        store = TestStores.start(context, TestStores.config(
                "retention { spans = 1h, system-metrics = 30m, cpu-profiles = 10m }"), clock);
    }

    @AfterEach
    void stop() throws Exception {
        TestStores.stop(store);
    }

    @Test
    void deletesExactlyTheSpansOlderThanTheWindow() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        await(store.consumer(Signal.TRACES).consume(Batches.request("svc",
                Batches.span(trace, "00000000000000a1", nanos(NOW.minus(Duration.ofHours(2)))),
                Batches.span(trace, "00000000000000a2", nanos(NOW.minus(Duration.ofHours(1)).minusNanos(1_000))),
                Batches.span(trace, "00000000000000a3", nanos(NOW.minus(Duration.ofHours(1)))),
                Batches.span(trace, "00000000000000a4", nanos(NOW.minus(Duration.ofMinutes(59)))),
                Batches.span(trace, "00000000000000a5", nanos(NOW)))));

        assertThat(store.cleanupNow()).isEqualTo(2);
        SpanQueries spans = store.capability(SpanQueries.class).orElseThrow();
        assertThat(spans.spansSince(0, List.of(), 100).rows()).extracting(SpanRow::spanId)
                .as("a span exactly one window old is kept; one microsecond older is not")
                .containsExactly("00000000000000a3", "00000000000000a4", "00000000000000a5");
        assertThat(context.telemetry().sum("coral_store_retention_deleted_rows")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        assertThat(store.cleanupNow()).isEqualTo(1);
        assertThat(spans.spansSince(0, List.of(), 100).rows()).extracting(SpanRow::spanId)
                .containsExactly("00000000000000a4", "00000000000000a5");
    }

    @Test
    void aSpanDatedInTheFutureLeavesOneWindowAfterItArrived() throws Exception {
        Instant arrival = Instant.now();
        await(store.consumer(Signal.TRACES).consume(Batches.request("svc",
                Batches.span("0af7651916cd43dd8448eb211c80319d", "00000000000000b1", Long.MAX_VALUE))));
        clock.set(arrival.plus(Duration.ofMinutes(59)));
        assertThat(store.cleanupNow()).as("inside the window after its arrival").isZero();
        clock.set(arrival.plus(Duration.ofMinutes(61)));
        assertThat(store.cleanupNow()).as("one window after its arrival, though dated 2262").isEqualTo(1);
    }

    @Test
    void eachTableHasItsOwnWindow() throws Exception {
        await(store.consumer(Signal.METRICS).consume(Metrics.cpu(nanos(NOW.minus(Duration.ofMinutes(31))), 1)));
        await(store.consumer(Signal.METRICS).consume(Metrics.cpu(nanos(NOW.minus(Duration.ofMinutes(30))), 2)));
        await(store.consumer(Signal.METRICS).consume(Metrics.cpu(nanos(NOW.minus(Duration.ofMinutes(1))), 3)));
        await(store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 2, nanos(NOW.minus(Duration.ofMinutes(45))))));
        await(store.consumer(Signal.PROFILES).consume(Profiles.cycle(NOW.minus(Duration.ofMinutes(11)).toEpochMilli(), "svc", 42)));
        await(store.consumer(Signal.PROFILES).consume(new ProfileBatch(NOW.minus(Duration.ofMinutes(1)).toEpochMilli(),
                List.of("poll", "loop"), List.of(new StackSample(43, "svc", "b2", new int[] {0, 1}, 5)))));

        assertThat(store.cleanupNow()).as("1 metric + 2 profile stacks").isEqualTo(3);

        assertThat(store.capability(SystemMetricQueries.class).orElseThrow().metricsSince(0, List.of(), 10).rows())
                .extracting(SystemMetricRow::value).containsExactly(2.0, 3.0);
        assertThat(store.capability(SpanQueries.class).orElseThrow().spansSince(0, List.of(), 10).rows())
                .as("45 minutes old, inside the spans' hour").hasSize(2);
        ProfileQueries profiles = store.capability(ProfileQueries.class).orElseThrow();
        assertThat(profiles.samplesSince(0, "", 10).rows()).extracting(ProfileSampleRow::pid).containsExactly(43);
        assertThat(TestStores.strings(store, "SELECT frame FROM profile_frame_dictionary_local ORDER BY frame"))
                .as("frames no remaining stack uses are dropped").containsExactly("loop", "poll");

        // A dropped frame comes back with the next cycle that uses it.
        await(store.consumer(Signal.PROFILES).consume(Profiles.cycle(NOW.toEpochMilli(), "svc", 44)));
        assertThat(profiles.samplesSince(0, "", 10).rows()).extracting(ProfileSampleRow::stackFrames).containsExactly(
                List.of("poll", "loop"), List.of("spin", "work", "main"), List.of("idle", "main"));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void await(CompletionStage<Void> ack) throws Exception {
        ack.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
