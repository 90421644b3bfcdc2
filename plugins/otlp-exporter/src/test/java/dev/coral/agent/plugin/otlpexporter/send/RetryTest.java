package dev.coral.agent.plugin.otlpexporter.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.plugin.otlpexporter.Requests;
import dev.coral.agent.plugin.otlpexporter.RunningExporter;
import dev.coral.agent.plugin.otlpexporter.stub.Recorded;
import dev.coral.agent.plugin.otlpexporter.stub.Reply;
import dev.coral.agent.plugin.otlpexporter.stub.StubUpstream;
import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTLP specification's retry rules, seen from a stub upstream and the exporter's counters. */
class RetryTest {
    /** Fast, deterministic backoff: 100ms, 200ms, 400ms, ... */
    private static final String FAST_RETRY = """
            batch.timeout = 0
            retry_on_failure { initial_interval = 100ms, multiplier = 2, randomization_factor = 0, max_interval = 5s }
            """;

    @TempDir
    Path data;

    private static String http(StubUpstream upstream) {
        return "endpoint = \"http://127.0.0.1:" + upstream.port() + "\"\n" + FAST_RETRY;
    }

    private static String grpc(StubUpstream upstream) {
        return "endpoint = \"http://127.0.0.1:" + upstream.port() + "\"\n" + FAST_RETRY;
    }

    private static long gapMillis(List<Recorded> r, int i) {
        return TimeUnit.NANOSECONDS.toMillis(r.get(i + 1).atNanos() - r.get(i).atNanos());
    }

    @Test
    void backoffGrowsBetweenAttemptsAndTheBatchIsKeptMeanwhile() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null)
                .answer(Reply.http(503, Map.of()), Reply.http(503, Map.of()), Reply.http(503, Map.of()));
             RunningExporter exporter = RunningExporter.http(http(upstream), data)) {
            exporter.traces.consume(Requests.traces("a", 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> exporter.counter("otelcol_exporter_sent_spans") == 4);
            List<Recorded> r = upstream.requests();
            assertThat(r).hasSize(4);
            assertThat(gapMillis(r, 0)).isGreaterThanOrEqualTo(100);
            assertThat(gapMillis(r, 1)).isGreaterThanOrEqualTo(200);
            assertThat(gapMillis(r, 2)).isGreaterThanOrEqualTo(400);
            assertThat(exporter.counter("coral_exporter_send_retries")).isEqualTo(3);
            assertThat(exporter.counter("otelcol_exporter_send_failed_spans")).isZero();
        }
    }

    @Test
    void retryAfterIsHonouredOn503And429() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null)
                .answer(Reply.http(503, Map.of("Retry-After", "1")), Reply.http(429, Map.of("Retry-After", "1")));
             RunningExporter exporter = RunningExporter.http(http(upstream), data)) {
            exporter.traces.consume(Requests.traces("a", 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> exporter.counter("otelcol_exporter_sent_spans") == 3);
            List<Recorded> r = upstream.requests();
            assertThat(r).hasSize(3);
            assertThat(gapMillis(r, 0)).as("Retry-After: 1 over a 100ms backoff").isGreaterThanOrEqualTo(1000);
            assertThat(gapMillis(r, 1)).isGreaterThanOrEqualTo(1000);
            assertThat(exporter.counter("coral_exporter_send_retries")).isEqualTo(2);
        }
    }

    @Test
    void a400IsDroppedAtOnceAndCounted() throws Exception {
        try (StubUpstream upstream = StubUpstream.http(null).answer(Reply.http(400, Map.of()));
             RunningExporter exporter = RunningExporter.http(http(upstream), data)) {
            exporter.traces.consume(Requests.traces("a", 5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.counter("otelcol_exporter_send_failed_spans") == 5);
            exporter.traces.consume(Requests.traces("b", 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> exporter.counter("otelcol_exporter_sent_spans") == 2);
            assertThat(upstream.requests()).as("the refused batch was not sent again").hasSize(2);
            assertThat(exporter.counter("coral_exporter_send_retries")).isZero();
        }
    }

    @Test
    void partialSuccessIsCountedAsSentAndFailedParts() throws Exception {
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(2)
                        .setErrorMessage("2 spans too old")).build();
        try (StubUpstream httpUpstream = StubUpstream.http(null).answer(Reply.ok(partial));
             StubUpstream grpcUpstream = StubUpstream.grpc(null).answer(Reply.ok(partial));
             RunningExporter overHttp = RunningExporter.http(http(httpUpstream), data.resolve("h"));
             RunningExporter overGrpc = RunningExporter.grpc(grpc(grpcUpstream), data.resolve("g"))) {
            overHttp.traces.consume(Requests.traces("a", 5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            overGrpc.traces.consume(Requests.traces("a", 5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (RunningExporter e : List.of(overHttp, overGrpc)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> e.counter("coral_exporter_partial_success_requests") == 1);
                assertThat(e.counter("otelcol_exporter_sent_spans")).isEqualTo(3);
                assertThat(e.counter("otelcol_exporter_send_failed_spans")).isEqualTo(2);
            }
        }
    }

    @Test
    void grpcRetriesUnavailableAndResourceExhaustedOnlyWithRetryInfo() throws Exception {
        try (StubUpstream upstream = StubUpstream.grpc(null).answer(
                Reply.grpc(Status.UNAVAILABLE, Optional.empty()),
                Reply.grpc(Status.RESOURCE_EXHAUSTED, Optional.of(Duration.ofSeconds(1))),
                Reply.ok(),
                Reply.grpc(Status.RESOURCE_EXHAUSTED, Optional.empty()),
                Reply.grpc(Status.INVALID_ARGUMENT, Optional.empty()));
             RunningExporter exporter = RunningExporter.grpc(grpc(upstream), data)) {
            exporter.traces.consume(Requests.traces("a", 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> exporter.counter("otelcol_exporter_sent_spans") == 3);
            List<Recorded> r = upstream.requests();
            assertThat(r).hasSize(3);
            assertThat(gapMillis(r, 1)).as("RetryInfo of 1s over a 200ms backoff").isGreaterThanOrEqualTo(1000);

            exporter.traces.consume(Requests.traces("b", 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.counter("otelcol_exporter_send_failed_spans") == 4);
            exporter.traces.consume(Requests.traces("c", 6)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.counter("otelcol_exporter_send_failed_spans") == 10);
            assertThat(upstream.requests()).hasSize(5);
            assertThat(exporter.counter("coral_exporter_send_retries")).isEqualTo(2);
        }
    }

    @Test
    void aBatchNotSentWithinMaxElapsedTimeIsDropped() throws Exception {
        Reply[] failures = new Reply[50];
        java.util.Arrays.fill(failures, Reply.http(503, Map.of()));
        try (StubUpstream upstream = StubUpstream.http(null).answer(failures);
             RunningExporter exporter = RunningExporter.http(http(upstream)
                     + "retry_on_failure.max_elapsed_time = 1s", data)) {
            exporter.traces.consume(Requests.traces("a", 7)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.counter("otelcol_exporter_send_failed_spans") == 7);
            assertThat(upstream.requests().size()).isBetween(3, 5);
            assertThat(exporter.context().reports().getLast().health())
                    .isEqualTo(dev.coral.agent.api.StatusReporter.Health.DEGRADED);
        }
    }
}
