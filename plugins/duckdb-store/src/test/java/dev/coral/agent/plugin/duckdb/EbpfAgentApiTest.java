package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.server.AgentApi;
import dev.coral.agent.server.v1.EbpfGrpcMetric;
import dev.coral.agent.server.v1.EbpfHttpMetric;
import dev.coral.agent.server.v1.EbpfSqlMetric;
import dev.coral.agent.server.v1.EbpfTraceSpan;
import dev.coral.agent.server.v1.QueryEbpfMetricsRequest;
import dev.coral.agent.server.v1.QueryEbpfMetricsResponse;
import dev.coral.agent.testkit.PushReceiverFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ebpf signal through a real pipeline into the duckdb store, polled as a colony polls it:
 * QueryEbpfMetrics over Connect (protobuf and JSON) with a cursor per type, in answers the store's
 * page byte budget cuts short, across an agent restart; and the RED figures of QueryEbpfRed.
 */
class EbpfAgentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METRICS = "/coral.agent.v1.AgentService/QueryEbpfMetrics";
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An agent: push receiver -> ebpf pipeline -> duckdb store, the API on a free loopback port. */
    private record Agent(AgentRuntime runtime, PushReceiverFactory push, int port) implements AutoCloseable {
        @Override
        public void close() {
            runtime.close();
        }
    }

    private Agent start() throws Exception {
        return start("4MiB");
    }

    private Agent start(String pageBytes) throws Exception {
        PushReceiverFactory push = new PushReceiverFactory();
        AgentRuntime runtime = AgentRuntime.builder().home(dir).loadPlugins(false).factory(push)
                .factory(new DuckDbStoreFactory()).frontend(AgentApi::start).configText("""
                        agent { api.listen = ["127.0.0.1:0"], data-dir = "%s" }
                        receivers { push {} }
                        stores { duckdb { query.page-bytes = %s } }
                        pipelines { ebpf { receivers = [push], stores = [duckdb] } }
                        """.formatted(dir.resolve("data"), pageBytes)).build();
        runtime.start();
        return new Agent(runtime, push, runtime.frontend(AgentApi.class).orElseThrow().addresses().getFirst().getPort());
    }

    /** Batch {@code b}: 4 HTTP rows (two services), 2 gRPC, 1 SQL, 3 spans, all durable when this returns. */
    private static void send(Agent agent, int b) throws Exception {
        long at = System.currentTimeMillis() - 60_000 + b;
        List<HttpRed> httpRows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            httpRows.add(EbpfBatches.http(at, i % 2 == 0 ? "shop" : "cart", "/r" + b + "/" + i, i == 3 ? 503 : 200, 10));
        }
        List<GrpcRed> grpcRows = List.of(EbpfBatches.grpc(at, "shop", "/shop.Cart/Get", 0, 5),
                EbpfBatches.grpc(at, "shop", "/shop.Cart/Get", 2, 1));
        List<EbpfSpan> spans = List.of(EbpfBatches.span(at, "shop", TRACE, "0000000000000" + b + "a1", ""),
                EbpfBatches.span(at, "shop", TRACE, "0000000000000" + b + "a2", "0000000000000" + b + "a1"),
                EbpfBatches.span(at, "cart", "1af7651916cd43dd8448eb211c80319c", "0000000000000" + b + "b1", ""));
        agent.push().push(Signal.EBPF, new EbpfBatch(httpRows, grpcRows,
                List.of(EbpfBatches.sql(at, "shop", "SELECT", "orders", 2)), spans)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void aColonyPollsEveryTypeToTheEndWithoutGapsAcrossARestart() throws Exception {
        List<Long> http = new ArrayList<>();
        List<Long> grpc = new ArrayList<>();
        List<Long> sql = new ArrayList<>();
        List<Long> spans = new ArrayList<>();
        long[] cursors = new long[4];
        String session;
        try (Agent agent = start("600")) {
            for (int b = 0; b < 3; b++) {
                send(agent, b);
            }
            session = poll(agent, cursors, http, grpc, sql, spans);
        }
        try (Agent agent = start("600")) {
            send(agent, 3);
            assertThat(poll(agent, cursors, http, grpc, sql, spans)).as("same database, same session").isEqualTo(session);
        }
        assertThat(http).isEqualTo(TestStores.oneTo(16));
        assertThat(grpc).isEqualTo(TestStores.oneTo(8));
        assertThat(sql).isEqualTo(TestStores.oneTo(4));
        assertThat(spans).isEqualTo(TestStores.oneTo(12));
    }

    /** Polls until an answer holds nothing new, over Connect protobuf; returns the session id. */
    private String poll(Agent agent, long[] cursors, List<Long> http, List<Long> grpc, List<Long> sql,
            List<Long> spans) throws Exception {
        String session = "";
        int answers = 0;
        for (int round = 0; round < 100; round++) {
            QueryEbpfMetricsResponse page = call(agent, QueryEbpfMetricsRequest.newBuilder()
                    .setHttpStartSeqId(cursors[0]).setGrpcStartSeqId(cursors[1]).setSqlStartSeqId(cursors[2])
                    .setTracesStartSeqId(cursors[3]).setIncludeTraces(true).setMaxRecords(5).setMaxTraces(5).build(),
                    QueryEbpfMetricsResponse.parser());
            session = page.getSessionId();
            if (page.getTotalMetrics() + page.getTotalTraces() == 0) {
                // The byte budget (600 bytes: one row of each type) cut answers below max_records 5.
                assertThat(answers).isGreaterThan(3);
                return session;
            }
            answers++;
            assertThat(page.getHttpMetricsCount()).isLessThanOrEqualTo(5);
            page.getHttpMetricsList().stream().map(EbpfHttpMetric::getSeqId).forEach(http::add);
            page.getGrpcMetricsList().stream().map(EbpfGrpcMetric::getSeqId).forEach(grpc::add);
            page.getSqlMetricsList().stream().map(EbpfSqlMetric::getSeqId).forEach(sql::add);
            page.getTraceSpansList().stream().map(EbpfTraceSpan::getSeqId).forEach(spans::add);
            long[] max = {page.getHttpMaxSeqId(), page.getGrpcMaxSeqId(), page.getSqlMaxSeqId(), page.getTracesMaxSeqId()};
            for (int i = 0; i < 4; i++) {
                cursors[i] = max[i] == 0 ? cursors[i] : max[i];
            }
        }
        throw new AssertionError("polling did not end");
    }

    @Test
    void connectJsonAndRedFiguresFromTheRealStore() throws Exception {
        try (Agent agent = start()) {
            for (int b = 0; b < 2; b++) {
                send(agent, b);
            }
            JsonNode shop = json(agent, METRICS, "{\"serviceNames\": [\"shop\"], \"metricTypes\": [\"EBPF_METRIC_TYPE_HTTP\","
                    + " \"EBPF_METRIC_TYPE_SQL\"], \"traceId\": \"" + TRACE + "\", \"maxRecords\": 50}");
            assertThat(shop.path("httpMetrics")).hasSize(4).allSatisfy(m -> {
                assertThat(m.path("serviceName").asText()).isEqualTo("shop");
                assertThat(m.path("latencyBuckets")).hasSize(EbpfBatches.BOUNDS.length);
                assertThat(m.path("latencyCounts")).hasSize(EbpfBatches.BOUNDS.length + 1);
            });
            assertThat(shop.path("sqlMetrics")).hasSize(2);
            assertThat(shop.has("grpcMetrics")).isFalse();
            assertThat(shop.path("traceSpans")).hasSize(4).allSatisfy(s -> assertThat(s.path("traceId").asText()).isEqualTo(TRACE));
            assertThat(shop.path("traceSpans").get(0).path("processPid").asInt()).isEqualTo(4242);

            JsonNode red = json(agent, "/coral.agent.v1.AgentQueryService/QueryEbpfRed",
                    "{\"serviceNames\": [\"cart\", \"shop\"], \"sinceMs\": \"" + (System.currentTimeMillis() - 120_000)
                            + "\", \"untilMs\": \"" + System.currentTimeMillis() + "\"}");
            assertThat(red.path("rowsRead").asLong()).isEqualTo(8 + 4 + 2);
            JsonNode failing = null;
            for (JsonNode s : red.path("series")) {
                if (s.path("httpRoute").asText().equals("/r1/3")) {
                    failing = s;
                }
            }
            assertThat(failing).isNotNull();
            assertThat(failing.path("errorPercent").asDouble()).isEqualTo(100.0);
            // Ten requests in (0,5] of Beyla's buckets: the median is 2.5 ms.
            assertThat(failing.path("p50").path("ms").asDouble()).isEqualTo(2.5);
            JsonNode grpc = red.path("series").get(8);
            assertThat(grpc.path("grpcMethod").asText()).isEqualTo("/shop.Cart/Get");
            assertThat(grpc.path("requests").asText()).isEqualTo("12");
            assertThat(grpc.path("errors").asText()).isEqualTo("2");
        }
    }

    private <T extends Message> T call(Agent agent, Message request, Parser<T> parser) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + METRICS))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return parser.parseFrom(r.body());
    }

    private JsonNode json(Agent agent, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
