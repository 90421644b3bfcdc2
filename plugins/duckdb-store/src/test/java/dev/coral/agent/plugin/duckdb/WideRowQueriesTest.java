package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanQueries;
import dev.coral.agent.api.query.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large pages of wide rows under a small DuckDB memory limit: 30,000 spans with 2 KB attributes
 * each (about 60 MB to sort) in a store limited to 32 MiB. DuckDB sorts every matching row for
 * {@code ORDER BY ... LIMIT n} when n is above 5,000, which failed here with "Out of Memory"
 * before the readers paged (as a 10,000-span colony poll did on an hour of data at 64 MiB).
 */
class WideRowQueriesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final int BATCHES = 300;
    private static final int WINDOW = 20;
    private static final int SPANS = 100;

    @TempDir
    Path dir;

    @Test
    void tenThousandRowPagesWorkUnderAThirtyTwoMebibyteLimit() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "memory-limit = 32MiB\ncheckpoint-threshold = 4MiB"
                + "\ningest-log.max-pending = 1GiB"
                // Pages as large as the limit asks: this is about DuckDB's memory, not the page budget.
                + "\nquery { page-bytes = 64MiB }");
        try {
            writeWideSpans(store);
            SpanQueries spans = store.capability(SpanQueries.class).orElseThrow();

            Page<SpanRow> first = spans.spansSince(0, List.of(), 10_000);
            assertThat(first.rows()).extracting(SpanRow::seqId)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 10_000).boxed().toList());
            assertThat(first.maxSeqId()).isEqualTo(10_000);
            assertThat(first.rows().getFirst().attributes().get("payload")).hasSize(2048);

            Page<SpanRow> ofA = spans.spansSince(first.maxSeqId(), List.of("svc-a"), 10_000);
            assertThat(ofA.rows()).hasSize(10_000).allSatisfy(r -> assertThat(r.serviceName()).isEqualTo("svc-a"));
            assertThat(ofA.rows()).isSortedAccordingTo(Comparator.comparingLong(SpanRow::seqId));
            assertThat(ofA.rows().getFirst().seqId()).isGreaterThan(10_000);

            List<SpanRow> newest = spans.spansBetween(T0, T0.plusSeconds(3600), List.of(), 10_000, "").rows();
            assertThat(newest).hasSize(10_000);
            assertThat(newest).isSortedAccordingTo(Comparator.comparingLong(SpanRow::timestampMillis).reversed()
                    .thenComparing(Comparator.comparingLong(SpanRow::seqId).reversed()));
            assertThat(newest.getFirst().seqId()).as("the last span written is the newest").isEqualTo(BATCHES * SPANS);
        } finally {
            TestStores.stop(store);
        }
    }

    /**
     * Batch b of service svc-a or svc-b in turn, its spans starting at T0 + b seconds, 1 ms apart;
     * {@link #WINDOW} batches at a time, so that checkpoints keep the rows DuckDB holds in memory
     * near the checkpoint threshold, as under a steady load.
     */
    static void writeWideSpans(DuckDbStore store) throws Exception {
        Random random = new Random(7);
        List<CompletableFuture<Void>> window = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            ExportTraceServiceRequest plain = Batches.spans(b % 2 == 0 ? "svc-a" : "svc-b", b, SPANS,
                    (T0.toEpochMilli() + b * 1000L) * 1_000_000L);
            ResourceSpans.Builder resource = plain.getResourceSpans(0).toBuilder();
            ScopeSpans.Builder scope = resource.getScopeSpansBuilder(0);
            for (Span.Builder span : scope.getSpansBuilderList()) {
                byte[] noise = new byte[1024];
                random.nextBytes(noise);
                span.addAttributes(Batches.attr("payload", HexFormat.of().formatHex(noise)));
            }
            window.add(store.consumer(Signal.TRACES)
                    .consume(ExportTraceServiceRequest.newBuilder().addResourceSpans(resource).build())
                    .toCompletableFuture());
            if (window.size() == WINDOW) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                window.clear();
            }
        }
    }
}
