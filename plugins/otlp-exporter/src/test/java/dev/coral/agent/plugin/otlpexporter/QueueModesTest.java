package dev.coral.agent.plugin.otlpexporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.RefusedException;
import dev.coral.agent.plugin.otlpexporter.stub.Reply;
import dev.coral.agent.plugin.otlpexporter.stub.StubUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a batch counts as kept, with and without the sending queue, and what a full queue answers. */
class QueueModesTest {
    @TempDir
    Path data;

    @Test
    void withoutTheQueueABatchIsKeptOnlyOnceTheUpstreamTookIt() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null)
                .answer(Reply.http(503, Map.of()), Reply.http(503, Map.of()), Reply.ok(), Reply.http(400, Map.of()));
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "http://127.0.0.1:%d"
                     sending_queue.enabled = false
                     retry_on_failure { initial_interval = 300ms, randomization_factor = 0 }
                     """.formatted(upstream.port()), data)) {
            CompletableFuture<Void> kept = exporter.traces.consume(Requests.traces("a", 3)).toCompletableFuture();
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests().size() == 1);
            assertThat(kept).as("not kept while the upstream answers 503").isNotDone();
            kept.get(10, TimeUnit.SECONDS);
            assertThat(upstream.requests()).hasSize(3);
            assertThat(exporter.counter("otelcol_exporter_sent_spans")).isEqualTo(3);

            assertThatThrownBy(() -> exporter.traces.consume(Requests.traces("b", 2)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RefusedException.class)
                    .hasMessageContaining("HTTP 400");
            assertThat(exporter.counter("otelcol_exporter_send_failed_spans")).isEqualTo(2);
            assertThat(data.resolve("otlphttp")).as("no queue directory").doesNotExist();
        }
    }

    @Test
    void aFullQueueRefusesBatchesRetryablySoReceiversAnswer429() throws Exception {
        Reply[] down = new Reply[1000];
        Arrays.fill(down, Reply.http(503, Map.of()));
        try (StubUpstream upstream = StubUpstream.http(null).answer(down);
             RunningExporter exporter = RunningExporter.http("""
                     endpoint = "http://127.0.0.1:%d"
                     sending_queue { max_bytes = 1MiB, num_consumers = 1 }
                     retry_on_failure { initial_interval = 1s, max_elapsed_time = 0 }
                     batch.timeout = 0
                     """.formatted(upstream.port()), data)) {
            RefusedException refused = null;
            int kept = 0;
            for (int i = 0; i < 200 && refused == null; i++) {
                try {
                    exporter.traces.consume(Requests.traces("a", 200)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    kept++;
                } catch (ExecutionException e) {
                    refused = (RefusedException) e.getCause();
                }
            }
            assertThat(refused).as("refused once 1 MiB is queued").isNotNull();
            assertThat(refused.reason()).isEqualTo(RefusedException.Reason.OVERLOADED);
            assertThat(refused.retryAfter()).isPresent();
            assertThat(kept).isBetween(50, 90);
            assertThat(exporter.counter("otelcol_exporter_enqueue_failed_spans")).isEqualTo(200);
            assertThat(exporter.telemetry().gauge("otelcol_exporter_queue_size"))
                    .isGreaterThan(900_000).isLessThanOrEqualTo(1 << 20);
            assertThat(exporter.telemetry().gauge("otelcol_exporter_queue_capacity")).isEqualTo(1 << 20);
        }
    }
}
