package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentDebugServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesRequest;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesResponse;
import dev.coral.agent.server.v1.QuerySystemMetricsRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsResponse;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.testing.ApiAgent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start_seq_id} is a uint64 (issue 11): from 2^63 up, Java reads it as a negative long,
 * which compared signed made the agent answer from seq 1 again. Any such value is after every
 * stored row: an empty page, {@code max_seq_id} 0, the session id; through Connect JSON (as curl
 * sends it) and gRPC, for spans, system metrics and profile samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsignedSeqIdTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2^63, 2^63 + 1 and 2^64 - 1 as a colony sends them in proto3 JSON. */
    private static final List<String> HUGE = List.of("9223372036854775808", "9223372036854775809",
            "18446744073709551615");

    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        agent.send("checkout", 3);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            agent.store.addMetric(now - i, "system.cpu.utilization", i, "1", "{}");
            agent.store.addProfileSample(now - i, "checkout", 42, "b1", List.of("main"), 1);
        }
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void connectJsonStartSeqIdsFromTwoToTheSixtyThreeAreAfterEverything() throws Exception {
        for (String start : HUGE) {
            assertEmpty(call("/coral.agent.v1.AgentService/QueryTelemetry", start), "spans");
            assertEmpty(call("/coral.agent.v1.AgentService/QuerySystemMetrics", start), "metrics");
            assertEmpty(call("/coral.agent.v1.AgentDebugService/QueryCPUProfileSamples", start), "samples");
        }
        // The largest signed value was always after everything; a small one still reads.
        assertEmpty(call("/coral.agent.v1.AgentService/QueryTelemetry", "9223372036854775807"), "spans");
        assertThat(call("/coral.agent.v1.AgentService/QueryTelemetry", "1").path("spans")).hasSize(2);
    }

    @Test
    void grpcStartSeqIdsFromTwoToTheSixtyThreeAreAfterEverything() {
        var agentService = AgentServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        var debug = AgentDebugServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        for (long start : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1}) {
            QueryTelemetryResponse spans = agentService.queryTelemetry(QueryTelemetryRequest.newBuilder()
                    .setStartSeqId(start).setMaxRecords(50).build());
            assertThat(spans.getSpansList()).as("after %s", Long.toUnsignedString(start)).isEmpty();
            assertThat(spans.getMaxSeqId()).isZero();
            assertThat(spans.getSessionId()).isEqualTo(agent.store.sessionId());
            QuerySystemMetricsResponse metrics = agentService.querySystemMetrics(QuerySystemMetricsRequest.newBuilder()
                    .setStartSeqId(start).build());
            assertThat(metrics.getMetricsList()).isEmpty();
            assertThat(metrics.getMaxSeqId()).isZero();
            assertThat(metrics.getSessionId()).isEqualTo(agent.store.sessionId());
            QueryCPUProfileSamplesResponse samples = debug.queryCPUProfileSamples(QueryCPUProfileSamplesRequest
                    .newBuilder().setStartSeqId(start).build());
            assertThat(samples.getSamplesList()).isEmpty();
            assertThat(samples.getMaxSeqId()).isZero();
        }
    }

    private JsonNode call(String method, String startSeqId) throws Exception {
        HttpResponse<String> r = agent.postJson(method, "{\"startSeqId\": \"" + startSeqId + "\", \"maxRecords\": 50}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void assertEmpty(JsonNode answer, String rows) {
        assertThat(answer.path(rows)).as("%s of %s", rows, answer).isEmpty();
        assertThat(answer.has("maxSeqId")).as("max_seq_id 0 (omitted in JSON)").isFalse();
        assertThat(answer.path("sessionId").asText()).isEqualTo(agent.store.sessionId());
    }
}
