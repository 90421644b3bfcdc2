package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.testkit.TestComponentContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: each acked batch is stored, and they share transactions. */
class GroupCommitTest {
    private static final int CLIENTS = 16;
    private static final int BATCHES_PER_CLIENT = 40;
    private static final int SPANS = 25;

    @TempDir
    Path dir;

    @Test
    void concurrentBatchesShareCommitsAndEveryAckedSpanIsStoredOnce() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        // Batches acknowledged at their commit (with the ingest log, IngestLogTest).
        DuckDbStore store = TestStores.start(context, "ingest-log.enabled = false");
        BatchConsumer<ExportTraceServiceRequest> consumer = store.consumer(Signal.TRACES);
        List<CompletableFuture<Void>> acks = Batches.sendConcurrently(consumer, CLIENTS, BATCHES_PER_CLIENT, SPANS);
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        int batches = CLIENTS * BATCHES_PER_CLIENT;
        long commits = context.telemetry().sum("coral_store_commits");
        assertThat(commits).as("group commits").isPositive().isLessThan(batches);
        assertThat(context.telemetry().sum("coral_store_written_spans")).isEqualTo((long) batches * SPANS);
        Histogram ackWait = context.telemetry().histogram("coral_store_ack_wait_seconds", Map.of());
        assertThat(ackWait.count()).as("one wait per acknowledged batch").isEqualTo(batches);
        assertThat(ackWait.sum()).isPositive();

        List<String> expected = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                expected.addAll(Batches.spanIds(c * 1000L + b, SPANS));
            }
        }
        assertThat(TestStores.strings(store, "SELECT span_id FROM otel_spans_local"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(TestStores.longs(store, "SELECT seq_id FROM otel_spans_local ORDER BY seq_id"))
                .as("dense seq ids").isEqualTo(TestStores.oneTo((long) batches * SPANS));
        // A batch's spans are contiguous in seq order: each batch was appended whole.
        List<Long> batchOrder = TestStores.longs(store,
                "SELECT CAST(json_extract_string(attributes, '$.batch') AS BIGINT) FROM otel_spans_local ORDER BY seq_id");
        for (int i = 0; i < batchOrder.size(); i += SPANS) {
            assertThat(batchOrder.subList(i, i + SPANS)).containsOnly(batchOrder.get(i));
        }
        TestStores.stop(store);
    }
}
