package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.ProfileFormat;
import dev.coral.agent.server.v1.QueryCPUProfileRequest;
import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.QuerySystemMetricsRangeRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsRangeResponse;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.v1.StoredSpan;
import dev.coral.agent.server.testing.ApiAgent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's page byte budget through the API (issue 11): answers hold fewer rows than asked when
 * the store says more follow, and a client continues exactly where they stopped: the colony after
 * {@code max_seq_id}, people's queries by {@code next_page_token}, the profile merge by itself.
 * The in-memory store cuts pages as the duckdb store does (PageBudgetTest there has the real one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageBudgetApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPANS = 9;
    /** About two of ApiAgent's spans (128 + ~60 bytes of attributes each). */
    private static final long TWO_SPANS = 400;

    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        long now = System.currentTimeMillis();
        // A minute ago: spans stamped "now + i ms" could still lie ahead of the first query's
        // "until now", and show up only on a later page (seen once: 9 missing, 7 twice).
        agent.send("checkout", SPANS, now - 60_000, false);
        for (int i = 0; i < 10; i++) {
            agent.store.addMetric(now - 60_000 + i, "system.cpu.utilization", i, "1", "{\"cpu\":\"" + i + "\"}");
            agent.store.addProfileSample(now - 60_000 + i, "checkout", 42, "b1", List.of("leaf" + i % 3, "main"), 1);
        }
    }

    @AfterEach
    void wholePages() {
        agent.store.pageBytes(4L << 20);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void colonyPollsGetFewerRowsThanAskedAndContinueAfterMaxSeqId() throws Exception {
        agent.store.pageBytes(TWO_SPANS);
        var grpc = AgentServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        List<Long> seen = new ArrayList<>();
        long after = 0;
        for (int poll = 0; poll < SPANS; poll++) {
            QueryTelemetryResponse page = grpc.queryTelemetry(QueryTelemetryRequest.newBuilder().setStartSeqId(after)
                    .setMaxRecords(50).build());
            if (page.getSpansCount() == 0) {
                break;
            }
            assertThat(page.getSpansCount()).isEqualTo(page.getTotalSpans()).isLessThanOrEqualTo(2);
            page.getSpansList().forEach(s -> seen.add(s.getSeqId()));
            after = page.getMaxSeqId();
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, SPANS).boxed().toList());

        JsonNode connect = JSON.readTree(agent.postJson("/coral.agent.v1.AgentService/QueryTelemetry",
                "{\"startSeqId\": \"4\", \"maxRecords\": 50}").body());
        assertThat(connect.path("spans")).extracting(s -> s.path("seqId").asText()).containsExactly("5", "6");
        assertThat(connect.path("maxSeqId").asText()).isEqualTo("6");
    }

    @Test
    void spanQueriesPageByTokenNewestFirstEachSpanOnce() throws Exception {
        agent.store.pageBytes(TWO_SPANS);
        List<Long> seen = new ArrayList<>();
        String token = "";
        for (int page = 0; page < SPANS; page++) {
            JsonNode answer = JSON.readTree(agent.postJson("/coral.agent.v1.AgentQueryService/QuerySpans",
                    "{\"limit\": 50, \"pageToken\": \"" + token + "\"}").body());
            answer.path("spans").forEach(s -> seen.add(s.path("seqId").asLong()));
            assertThat(answer.path("spans").size()).isBetween(1, 2);
            if (!answer.path("truncated").asBoolean()) {
                assertThat(answer.has("nextPageToken")).isFalse();
                break;
            }
            token = answer.path("nextPageToken").asText();
            assertThat(token).isNotEmpty();
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.iterate(SPANS, i -> i - 1).limit(SPANS).boxed().toList());

        // The limit ends an answer too, and the token continues after it.
        var grpc = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        agent.store.pageBytes(4L << 20);
        QuerySpansResponse three = grpc.querySpans(QuerySpansRequest.newBuilder().setLimit(3).build());
        assertThat(three.getSpansList()).extracting(StoredSpan::getSeqId).containsExactly(9L, 8L, 7L);
        assertThat(three.getTruncated()).isTrue();
        assertThat(grpc.querySpans(QuerySpansRequest.newBuilder().setLimit(3).setPageToken(three.getNextPageToken())
                .build()).getSpansList()).extracting(StoredSpan::getSeqId).containsExactly(6L, 5L, 4L);
    }

    @Test
    void aPageTokenTheAgentDidNotGiveIsInvalidArgument() throws Exception {
        var r = agent.postJson("/coral.agent.v1.AgentQueryService/QuerySpans", "{\"pageToken\": \"nonsense\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("invalid_argument");
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("page token 'nonsense'");
        var grpc = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> grpc.querySystemMetricsRange(QuerySystemMetricsRangeRequest.newBuilder()
                .setPageToken("nonsense").build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void metricRangesPageByTokenOldestFirst() {
        agent.store.pageBytes(300); // two rows of 128 + 10 bytes
        var grpc = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        List<Double> values = new ArrayList<>();
        QuerySystemMetricsRangeRequest.Builder request = QuerySystemMetricsRangeRequest.newBuilder().setLimit(1000);
        for (int page = 0; page < 10; page++) {
            QuerySystemMetricsRangeResponse answer = grpc.querySystemMetricsRange(request.build());
            assertThat(answer.getMetricsCount()).isEqualTo(2);
            answer.getMetricsList().forEach(m -> values.add(m.getValue()));
            if (!answer.getTruncated()) {
                break;
            }
            request.setPageToken(answer.getNextPageToken());
        }
        assertThat(values).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
    }

    @Test
    void aProfileMergesEveryPageOfItsRange() {
        var grpc = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        QueryCPUProfileRequest folded = QueryCPUProfileRequest.newBuilder().setFormat(ProfileFormat.PROFILE_FORMAT_FOLDED)
                .build();
        String whole = grpc.queryCPUProfile(folded).getData().toString(StandardCharsets.UTF_8);
        agent.store.pageBytes(1); // one sample a page
        var paged = grpc.queryCPUProfile(folded);
        assertThat(paged.getTotalSamples()).isEqualTo(10);
        assertThat(paged.getData().toString(StandardCharsets.UTF_8)).isEqualTo(whole)
                .contains("checkout;main;leaf0 4", "checkout;main;leaf1 3", "checkout;main;leaf2 3");
    }
}
