package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages stop at the store's byte budget (issue 11; the 10 MB, 512 MiB-heap case itself is
 * {@link BigSpanApiTest}). The same shape at a tenth of the size, with a 256 KiB budget: thirty
 * 1 MB spans, then small ones, a trace of 100 KB spans, wide metrics and profile stacks. Every
 * page of every query stays within the budget or holds one row, is never empty while it says
 * more follow, and following pages returns every row exactly once, in the query's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageBudgetTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long T0_NANOS = T0.toEpochMilli() * 1_000_000L;
    private static final long BUDGET = 256 << 10;
    private static final int BIG = 30;
    private static final int BIG_SIZE = 1 << 20;
    private static final int SMALL = 100;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final int TRACE_SPANS = 5;
    private static final int ALL = BIG + SMALL + TRACE_SPANS;
    private static final int METRICS = 40;
    private static final int STACKS = 20;

    private DuckDbStore store;
    private SpanQueries spans;

    @BeforeAll
    void write(@TempDir Path dir) throws Exception {
        store = TestStores.start(TestStores.context(Files.createDirectories(dir.resolve("budget"))),
                "memory-limit = 256MiB\nmax-value-length = 4MiB\nmax-attributes-length = 16MiB\n"
                        + "query { page-bytes = 256KiB }\ningest-log.max-pending = 1GiB");
        BigSpans.write(store, BIG, BIG_SIZE, T0_NANOS); // seq 1..30, starting T0 + i ms
        await(store.consumer(Signal.TRACES).consume(Batches.spans("small", 1000, SMALL, T0_NANOS + 1_000_000_000L)));
        Span.Builder[] trace = new Span.Builder[TRACE_SPANS];
        for (int k = 0; k < TRACE_SPANS; k++) {
            // Written latest first, read back by start time.
            trace[k] = Batches.span(TRACE, "00f067aa0ba902b" + k, T0_NANOS + 2_000_000_000L + (TRACE_SPANS - k) * 1000L)
                    .addAttributes(Batches.attr("payload", BigSpans.payload(k, 100_000)));
        }
        await(store.consumer(Signal.TRACES).consume(Batches.request("tr", trace)));
        for (int m = 0; m < METRICS; m++) {
            Metric metric = Metrics.gauge("system.wide", "1", Metrics.point(T0_NANOS + m * 1_000_000_000L, m,
                    Batches.attr("blob", BigSpans.payload(m, 30_000))));
            await(store.consumer(Signal.METRICS).consume(Metrics.request(metric)));
        }
        List<String> frames = new ArrayList<>();
        List<StackSample> samples = new ArrayList<>();
        for (int f = 0; f < STACKS; f++) {
            frames.add(BigSpans.payload(f, 50_000));
            samples.add(new StackSample(100 + f, "api", "b1d", new int[] {f}, f + 1));
        }
        await(store.consumer(Signal.PROFILES).consume(new ProfileBatch(T0.toEpochMilli(), frames, samples)));
        spans = store.capability(SpanQueries.class).orElseThrow();
    }

    @AfterAll
    void stop() throws Exception {
        if (store != null) {
            TestStores.stop(store);
        }
    }

    @Test
    void aRowLargerThanTheBudgetComesAloneAndSmallRowsFillThePage() {
        Page<SpanRow> first = spans.spansSince(0, List.of(), 50);
        assertThat(first.rows()).extracting(SpanRow::seqId).containsExactly(1L);
        assertThat(first.hasMore()).isTrue();
        Page<SpanRow> afterBig = spans.spansSince(BIG, List.of(), 50);
        assertThat(afterBig.rows()).extracting(SpanRow::seqId)
                .containsExactlyElementsOf(LongStream.rangeClosed(BIG + 1, BIG + 50).boxed().toList());
        assertThat(afterBig.hasMore()).as("the limit ended it").isTrue();
        Page<SpanRow> last = spans.spansSince(ALL - 1, List.of(), 50);
        assertThat(last.rows()).extracting(SpanRow::seqId).containsExactly((long) ALL);
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void colonyPollsWalkEveryRowOnceInSeqOrder() {
        List<Long> seen = new ArrayList<>();
        long after = 0;
        for (int polls = 0; polls <= ALL; polls++) {
            Page<SpanRow> page = spans.spansSince(after, List.of(), 50);
            if (page.rows().isEmpty()) {
                assertThat(page.hasMore()).isFalse();
                break;
            }
            assertWithinBudget(page.rows(), PageBudgetTest::bytes);
            page.rows().stream().filter(r -> r.seqId() <= BIG).forEach(r -> assertThat(
                    r.attributes().get("payload").startsWith(r.seqId() + ":")).as("span %d's payload", r.seqId()).isTrue());
            page.rows().forEach(r -> seen.add(r.seqId()));
            assertThat(page.maxSeqId()).isEqualTo(seen.getLast());
            after = page.maxSeqId();
        }
        assertThat(seen).isEqualTo(TestStores.oneTo(ALL));
    }

    @Test
    void timeRangePagesFollowTheirTokensNewestFirstEachRowOnce() {
        List<SpanRow> seen = walk(token -> spans.spansBetween(T0, T0.plusSeconds(3600), List.of(), 50, token),
                PageBudgetTest::bytes);
        assertThat(seen).extracting(SpanRow::seqId).doesNotHaveDuplicates().hasSize(ALL);
        assertThat(seen).isSortedAccordingTo(Comparator.comparingLong(SpanRow::startTimeUnixNano).reversed()
                .thenComparing(Comparator.comparingLong(SpanRow::seqId).reversed()));
        List<SpanRow> small = walk(token -> spans.spansBetween(T0, T0.plusSeconds(3600), List.of("small"), 7, token),
                PageBudgetTest::bytes);
        assertThat(small).extracting(SpanRow::seqId).as("newest first")
                .containsExactlyElementsOf(LongStream.iterate(BIG + SMALL, i -> i - 1).limit(SMALL).boxed().toList());
    }

    @Test
    void aTraceComesInPagesByStartTime() {
        Page<SpanRow> first = spans.trace(TRACE, List.of(), 100, "");
        assertThat(first.rows()).as("two 100 KB spans fit in 256 KiB, a third does not").hasSize(2);
        List<SpanRow> all = walk(token -> spans.trace(TRACE.toUpperCase(), List.of(), 100, token), PageBudgetTest::bytes);
        assertThat(all).extracting(SpanRow::spanId).containsExactly("00f067aa0ba902b4", "00f067aa0ba902b3",
                "00f067aa0ba902b2", "00f067aa0ba902b1", "00f067aa0ba902b0");
        assertThat(spans.trace(TRACE, List.of("nobody"), 100, "").rows()).isEmpty();
    }

    @Test
    void aTokenFromElsewhereIsRefused() {
        String timeToken = spans.spansBetween(T0, T0.plusSeconds(3600), List.of(), 1, "").nextPageToken();
        assertThat(timeToken).isNotEmpty();
        String traceToken = spans.trace(TRACE, List.of(), 1, "").nextPageToken();
        for (String bad : List.of("garbage", "d", "d12", "dx.1", traceToken)) {
            assertThatThrownBy(() -> spans.spansBetween(T0, T0.plusSeconds(3600), List.of(), 50, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page token '" + bad + "'");
        }
        assertThatThrownBy(() -> spans.trace(TRACE, List.of(), 50, timeToken)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serviceListReadsNoSpans() {
        Map<String, Long> services = spans.servicesBetween(T0, T0.plusSeconds(3600));
        assertThat(services).containsOnlyKeys("big", "small", "tr");
        assertThat(services.get("big")).isEqualTo(T0.toEpochMilli() + BIG);
        assertThat(services.get("small")).isEqualTo(T0.toEpochMilli() + 1000 + SMALL - 1);
        assertThat(spans.servicesBetween(T0.plusSeconds(2), T0.plusSeconds(3))).containsOnlyKeys("tr");
    }

    @Test
    void metricPagesAreBoundedToo() {
        SystemMetricQueries metrics = store.capability(SystemMetricQueries.class).orElseThrow();
        ToLongFunction<SystemMetricRow> size = r -> r.attributesJson().length();
        List<Long> seen = new ArrayList<>();
        long after = 0;
        for (Page<SystemMetricRow> page; !(page = metrics.metricsSince(after, List.of(), 1000)).rows().isEmpty(); ) {
            assertWithinBudget(page.rows(), size);
            assertThat(page.rows().size()).as("30 KB rows in a 256 KiB page").isLessThan(9);
            page.rows().forEach(r -> seen.add(r.seqId()));
            after = page.maxSeqId();
        }
        assertThat(seen).isEqualTo(TestStores.oneTo(METRICS));
        assertThat(walk(token -> metrics.metricsBetween(T0, T0.plusSeconds(3600), List.of("system.wide"), 1000, token),
                size)).extracting(SystemMetricRow::seqId).isEqualTo(TestStores.oneTo(METRICS));
    }

    @Test
    void profilePagesAreBoundedToo() {
        ProfileQueries profiles = store.capability(ProfileQueries.class).orElseThrow();
        ToLongFunction<ProfileSampleRow> size = r -> r.stackFrames().stream().mapToLong(String::length).sum();
        Page<ProfileSampleRow> first = profiles.samplesSince(0, "api", 1000);
        assertThat(first.rows()).as("50 KB stacks in a 256 KiB page").hasSize(5);
        assertThat(first.hasMore()).isTrue();
        assertThat(walk(token -> profiles.samplesBetween(T0, T0.plusSeconds(1), "", 1000, token), size))
                .extracting(ProfileSampleRow::count)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, STACKS).boxed().toList());
    }

    /** Follows page tokens to the end, checking each page; every row of every page. */
    private static <R> List<R> walk(Function<String, Page<R>> query, ToLongFunction<R> size) {
        List<R> all = new ArrayList<>();
        String token = "";
        for (int pages = 0; pages <= ALL; pages++) {
            Page<R> page = query.apply(token);
            assertWithinBudget(page.rows(), size);
            all.addAll(page.rows());
            if (!page.hasMore()) {
                return all;
            }
            assertThat(page.rows()).as("a page that says more follow").isNotEmpty();
            token = page.nextPageToken();
        }
        throw new AssertionError("more pages than rows: a token does not advance");
    }

    private static <R> void assertWithinBudget(List<R> rows, ToLongFunction<R> size) {
        long bytes = rows.stream().mapToLong(size).sum();
        assertThat(rows.size() == 1 || bytes <= BUDGET)
                .as("%d rows of %d bytes: within the budget or alone", rows.size(), bytes).isTrue();
    }

    /** A lower bound of what the store counts for a span: its attributes' text. */
    private static long bytes(SpanRow r) {
        return r.attributes().entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    private static void await(java.util.concurrent.CompletionStage<Void> ack) throws Exception {
        ack.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
