package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.server.testing.ApiAgent;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.EbpfHttpMetric;
import dev.coral.agent.server.v1.EbpfMetricType;
import dev.coral.agent.server.v1.EbpfRed;
import dev.coral.agent.server.v1.EbpfTraceSpan;
import dev.coral.agent.server.v1.QueryEbpfMetricsRequest;
import dev.coral.agent.server.v1.QueryEbpfMetricsResponse;
import dev.coral.agent.server.v1.QueryEbpfRedRequest;
import dev.coral.agent.server.v1.QueryEbpfRedResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * QueryEbpfMetrics as the colony polls it (agent-api.md): each type after its own cursor, type and
 * service filters, spans on request or by trace, through a real gRPC client and Connect JSON; and
 * our QueryEbpfRed over a range.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EbpfApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METHOD = "/coral.agent.v1.AgentService/QueryEbpfMetrics";
    private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_B = "1af7651916cd43dd8448eb211c80319c";
    private static final double[] BOUNDS = {10, 20, 40};

    ApiAgent agent;
    long now;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        now = System.currentTimeMillis();
        List<HttpRed> http = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // shop: /items 200 x3 and 503 x2 (seq 1..5); cart: one /cart row (seq 6).
            http.add(i < 5 ? new HttpRed(now - 60_000 + i, "shop", "GET", "/items/{id}", i < 3 ? 200 : 503,
                    latency(10, 20, 20, 0), 50, Map.of("server.port", "8080"))
                    : new HttpRed(now - 30_000, "cart", "POST", "/cart", 201, latency(1, 0, 0, 0), 1, Map.of()));
        }
        List<GrpcRed> grpc = List.of(new GrpcRed(now - 50_000, "shop", "/shop.Cart/Get", 0, latency(0, 4, 0, 0), 4, Map.of()),
                new GrpcRed(now - 50_000, "shop", "/shop.Cart/Get", 14, latency(0, 0, 0, 1), 1, Map.of()),
                new GrpcRed(now - 40_000, "cart", "/shop.Cart/Put", 0, latency(2, 0, 0, 0), 2, Map.of()));
        List<SqlRed> sql = List.of(new SqlRed(now - 20_000, "shop", "SELECT", "orders", latency(3, 0, 0, 0), 3, Map.of()));
        List<EbpfSpan> spans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spans.add(new EbpfSpan(i < 3 ? TRACE_A : TRACE_B, "00000000000000a" + i, i == 0 ? "" : "00000000000000a0",
                    i == 4 ? "cart" : "shop", "GET /items/{id}", "SERVER", now - 10_000 + i, 1500 + i, i == 2 ? 2 : 0,
                    Map.of("k", "v"), 4242));
        }
        agent.store.addEbpf(new EbpfBatch(http, grpc, sql, spans));
    }

    private static LatencyHistogram latency(long... counts) {
        return new LatencyHistogram(BOUNDS, counts);
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
    }

    private AgentServiceGrpc.AgentServiceBlockingStub stub() {
        return AgentServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void eachTypePagesAfterItsOwnCursorUntilNothingIsNew() {
        List<Long> http = new ArrayList<>();
        List<Long> grpc = new ArrayList<>();
        long h = 0;
        long g = 0;
        for (int poll = 0; poll < 10; poll++) {
            QueryEbpfMetricsResponse page = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                    .setHttpStartSeqId(h).setGrpcStartSeqId(g).setSqlStartSeqId(1).setMaxRecords(2).build());
            assertThat(page.getTotalMetrics()).isEqualTo(page.getHttpMetricsCount() + page.getGrpcMetricsCount()
                    + page.getSqlMetricsCount());
            assertThat(page.getSqlMetricsList()).as("after the only SQL row").isEmpty();
            assertThat(page.getSqlMaxSeqId()).isZero();
            assertThat(page.getTraceSpansList()).as("no traces unless asked").isEmpty();
            assertThat(page.getSessionId()).isEqualTo(agent.store.sessionId());
            if (page.getTotalMetrics() == 0) {
                break;
            }
            page.getHttpMetricsList().forEach(m -> http.add(m.getSeqId()));
            page.getGrpcMetricsList().forEach(m -> grpc.add(m.getSeqId()));
            // A type with nothing new answers 0: the poller keeps its own cursor then.
            h = page.getHttpMaxSeqId() == 0 ? h : page.getHttpMaxSeqId();
            g = page.getGrpcMaxSeqId() == 0 ? g : page.getGrpcMaxSeqId();
        }
        assertThat(http).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(grpc).containsExactly(1L, 2L, 3L);

        QueryEbpfMetricsResponse first = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .setHttpStartSeqId(3).setMaxRecords(1).build());
        EbpfHttpMetric m = first.getHttpMetrics(0);
        assertThat(m.getSeqId()).isEqualTo(4);
        assertThat(m.getHttpStatusCode()).as("the real code").isEqualTo(503);
        assertThat(m.getHttpMethod()).isEqualTo("GET");
        assertThat(m.getHttpRoute()).isEqualTo("/items/{id}");
        assertThat(m.getLatencyBucketsList()).containsExactly(10.0, 20.0, 40.0);
        assertThat(m.getLatencyCountsList()).as("+Inf last").containsExactly(10L, 20L, 20L, 0L);
        assertThat(m.getRequestCount()).isEqualTo(50);
        assertThat(m.getAttributesMap()).containsEntry("server.port", "8080");
        assertThat(first.getGrpcMetrics(0).getGrpcStatusCode()).isZero();
        assertThat(first.getGrpcMetricsList()).hasSize(1);
    }

    @Test
    void typeAndServiceFiltersAndTheAfterEveryRowCursor() {
        QueryEbpfMetricsResponse grpcOnly = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .addMetricTypes(EbpfMetricType.EBPF_METRIC_TYPE_GRPC).addServiceNames("shop").build());
        assertThat(grpcOnly.getHttpMetricsList()).isEmpty();
        assertThat(grpcOnly.getHttpMaxSeqId()).isZero();
        assertThat(grpcOnly.getGrpcMetricsList()).extracting(x -> x.getGrpcStatusCode()).containsExactly(0, 14);
        assertThat(grpcOnly.getGrpcMaxSeqId()).isEqualTo(2);
        assertThat(grpcOnly.getTotalMetrics()).isEqualTo(2);

        QueryEbpfMetricsResponse cart = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .addServiceNames("cart").addMetricTypes(EbpfMetricType.EBPF_METRIC_TYPE_UNSPECIFIED).build());
        assertThat(cart.getHttpMetricsList()).extracting(EbpfHttpMetric::getSeqId).containsExactly(6L);
        assertThat(cart.getSqlMetricsList()).isEmpty();

        // 2^64 - 1 as uint64: after every row, not "from the start".
        QueryEbpfMetricsResponse none = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .setHttpStartSeqId(-1).build());
        assertThat(none.getHttpMetricsList()).isEmpty();
        assertThat(none.getGrpcMetricsList()).hasSize(3);
    }

    @Test
    void spansWhenAskedUpToMaxTracesOrOneTrace() {
        QueryEbpfMetricsResponse two = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .setIncludeTraces(true).setMaxTraces(2).addMetricTypes(EbpfMetricType.EBPF_METRIC_TYPE_SQL).build());
        assertThat(two.getTraceSpansList()).extracting(EbpfTraceSpan::getSeqId).containsExactly(1L, 2L);
        assertThat(two.getTotalTraces()).isEqualTo(2);
        assertThat(two.getTracesMaxSeqId()).isEqualTo(2);
        EbpfTraceSpan root = two.getTraceSpans(0);
        assertThat(root.getTraceId()).isEqualTo(TRACE_A);
        assertThat(root.getParentSpanId()).isEmpty();
        assertThat(root.getDurationUs()).isEqualTo(1500);
        assertThat(root.getProcessPid()).isEqualTo(4242);
        assertThat(root.getSpanKind()).isEqualTo("SERVER");
        assertThat(root.getStartTime()).isEqualTo(now - 10_000);

        QueryEbpfMetricsResponse rest = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .setIncludeTraces(true).setTracesStartSeqId(2).build());
        assertThat(rest.getTraceSpansList()).extracting(EbpfTraceSpan::getSeqId).containsExactly(3L, 4L, 5L);
        assertThat(rest.getTraceSpans(0).getStatusCode()).isEqualTo(2);

        QueryEbpfMetricsResponse traceB = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder()
                .setTraceId(TRACE_B.toUpperCase()).build());
        assertThat(traceB.getTraceSpansList()).extracting(EbpfTraceSpan::getServiceName).containsExactly("shop", "cart");
        assertThat(traceB.getTraceSpansList()).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_B));
    }

    @Test
    void badRequestsAreInvalidArgumentNamingTheField() {
        for (var request : List.of(QueryEbpfMetricsRequest.newBuilder().setMaxTraces(1001).build(),
                QueryEbpfMetricsRequest.newBuilder().setMaxRecords(50_001).build(),
                QueryEbpfMetricsRequest.newBuilder().setTraceId("xyz").build(),
                QueryEbpfMetricsRequest.newBuilder().addMetricTypesValue(7).build())) {
            assertThatThrownBy(() -> stub().queryEbpfMetrics(request)).isInstanceOfSatisfying(
                    StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).containsAnyOf("max_traces", "max_records",
                                "trace_id", "metric_types");
                    });
        }
    }

    @Test
    void connectJsonAnswersTheSameWithCamelCaseNamesAndStringSeqIds() throws Exception {
        HttpResponse<String> r = agent.postJson(METHOD, "{\"metricTypes\": [\"EBPF_METRIC_TYPE_HTTP\"],"
                + " \"http_start_seq_id\": \"3\", \"maxRecords\": 2, \"serviceNames\": [\"shop\"], \"includeTraces\": true,"
                + " \"maxTraces\": 1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("httpMetrics")).hasSize(2);
        JsonNode m = body.path("httpMetrics").get(0);
        assertThat(m.path("seqId").asText()).isEqualTo("4");
        assertThat(m.path("httpStatusCode").asInt()).isEqualTo(503);
        assertThat(m.path("latencyCounts").get(3).asText()).isEqualTo("0");
        assertThat(body.path("httpMaxSeqId").asText()).isEqualTo("5");
        assertThat(body.has("grpcMetrics")).isFalse();
        assertThat(body.path("totalMetrics").asInt()).isEqualTo(2);
        assertThat(body.path("traceSpans")).hasSize(1);
        assertThat(body.path("sessionId").asText()).isEqualTo(agent.store.sessionId());

        HttpResponse<String> bad = agent.postJson(METHOD, "{\"metricTypes\": [\"EBPF_METRIC_TYPE_DNS\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("code").asText()).isEqualTo("invalid_argument");
    }

    @Test
    void redFiguresMergeTheRangePerSeries() throws Exception {
        var query = AgentQueryServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        QueryEbpfRedResponse red = query.queryEbpfRed(QueryEbpfRedRequest.newBuilder().addServiceNames("shop")
                .setSinceMs(now - 100_000).setUntilMs(now).build());
        assertThat(red.getRowsRead()).isEqualTo(5 + 2 + 1);
        assertThat(red.getTruncated()).isFalse();
        assertThat(red.getSeriesList()).extracting(EbpfRed::getMetricType).containsExactly(
                EbpfMetricType.EBPF_METRIC_TYPE_HTTP, EbpfMetricType.EBPF_METRIC_TYPE_GRPC,
                EbpfMetricType.EBPF_METRIC_TYPE_SQL);
        EbpfRed items = red.getSeries(0);
        assertThat(items.getHttpRoute()).isEqualTo("/items/{id}");
        assertThat(items.getRequests()).isEqualTo(250);
        assertThat(items.getErrors()).isEqualTo(100);
        assertThat(items.getErrorPercent()).isCloseTo(40.0, within(1e-9));
        assertThat(items.getRatePerSecond()).isCloseTo(2.5, within(1e-9)); // 250 over 100 s
        assertThat(items.getLatencyCountsList()).containsExactly(50L, 100L, 100L, 0L);
        assertThat(items.getP50().getMs()).isCloseTo(17.5, within(1e-9));
        assertThat(items.getP99().getMs()).isCloseTo(39.5, within(1e-9));
        EbpfRed grpc = red.getSeries(1);
        assertThat(grpc.getGrpcMethod()).isEqualTo("/shop.Cart/Get");
        assertThat(grpc.getErrors()).isEqualTo(1);
        assertThat(grpc.getP99().getAbove()).as("the slow call is in +Inf").isTrue();
        assertThat(grpc.getP99().getMs()).isEqualTo(40.0);
        EbpfRed sql = red.getSeries(2);
        assertThat(sql.getErrorsKnown()).isFalse();
        assertThat(sql.getTableName()).isEqualTo("orders");

        // Over Connect JSON, by type, with since defaulting to 15 minutes before until.
        HttpResponse<String> r = agent.postJson("/coral.agent.v1.AgentQueryService/QueryEbpfRed",
                "{\"metricTypes\": [\"EBPF_METRIC_TYPE_GRPC\"], \"untilMs\": \"" + now + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("sinceMs").asLong()).isEqualTo(now - 15 * 60_000);
        assertThat(body.path("series")).hasSize(2);
        assertThat(body.path("series").get(0).path("p50").path("ms").asDouble()).isCloseTo(16.25, within(1e-9)); // rank 2.5 of 5: 10 + 10 * 2.5/4
    }
}
