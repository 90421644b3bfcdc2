package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc.AgentServiceBlockingStub;
import dev.coral.agent.server.v1.GetRuntimeContextRequest;
import dev.coral.agent.server.v1.ListServicesRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsRequest;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.v1.RuntimeContextResponse;
import dev.coral.agent.server.v1.ServiceStatus;
import dev.coral.agent.server.v1.TelemetrySpan;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Agent API of the built distribution, end to end with real parts: spans sent by the OTel
 * SDK through the OTLP receiver into the DuckDB store, read back with a generated gRPC client,
 * with Connect JSON over plain HTTP/1.1, as a DuckDB file over HTTP (whole and by ranges, as
 * httpfs reads it), through /status, /metrics and the CLI; then across restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TELEMETRY = "/coral.agent.v1.AgentService/QueryTelemetry";
    private static final int CHECKOUT = 120;
    private static final int PAYMENTS = 80;

    Path dir;
    Distribution dist;
    RunningAgent agent;
    ManagedChannel channel;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final Set<String> sentSpanIds = new HashSet<>();

    @BeforeAll
    void startAgentAndSendSpans(@TempDir Path tmp) {
        dir = tmp;
        dist = Distribution.copyInto(dir);
        dist.writeConfig(TestConfigs.OTLP_AND_HOST_METRICS_TO_DUCKDB);
        agent = new RunningAgent(dist).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.api).usePlaintext().build();
        for (int batch = 0; batch < 4; batch++) {
            send("checkout", "GET /cart", CHECKOUT / 4);
            send("payments", "POST /pay", PAYMENTS / 4);
        }
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private void send(String service, String name, int n) {
        List<SpanData> spans = OtlpClient.errorSpans(service, name, n);
        assertThat(OtlpClient.exportGrpc(agent.otlpGrpc, spans)).as(dist.stderr()).isTrue();
        spans.forEach(s -> sentSpanIds.add(s.getSpanId()));
    }

    private AgentServiceBlockingStub grpc() {
        return AgentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void grpcClientWalksEverySpanOnceInSeqOrder() {
        RuntimeContextResponse context = grpc().getRuntimeContext(GetRuntimeContextRequest.getDefaultInstance());
        assertThat(context.getAgentId()).isNotBlank();
        assertThat(context.getPlatform().getOs()).isEqualTo("linux");

        List<TelemetrySpan> seen = new ArrayList<>();
        Set<String> sessions = new HashSet<>();
        long cursor = 0;
        for (int round = 0; round < 100; round++) {
            QueryTelemetryResponse page = grpc().queryTelemetry(QueryTelemetryRequest.newBuilder()
                    .setStartSeqId(cursor).setMaxRecords(37).build());
            sessions.add(page.getSessionId());
            if (page.getSpansCount() == 0) {
                assertThat(page.getMaxSeqId()).isZero();
                break;
            }
            assertThat(page.getTotalSpans()).isEqualTo(page.getSpansCount()).isLessThanOrEqualTo(37);
            assertThat(page.getMaxSeqId()).isEqualTo(page.getSpans(page.getSpansCount() - 1).getSeqId());
            seen.addAll(page.getSpansList());
            cursor = page.getMaxSeqId();
        }
        assertThat(sessions).hasSize(1).allSatisfy(s -> assertThat(s).matches("[0-9a-f-]{36}"));
        assertThat(seen).hasSize(CHECKOUT + PAYMENTS);
        assertThat(seen).extracting(TelemetrySpan::getSeqId)
                .containsExactlyElementsOf(Stream.iterate(1L, i -> i + 1).limit(CHECKOUT + PAYMENTS).toList());
        assertThat(seen).extracting(TelemetrySpan::getSpanId).containsExactlyInAnyOrderElementsOf(sentSpanIds);
        TelemetrySpan first = seen.getFirst();
        assertThat(first.getServiceName()).isEqualTo("checkout");
        assertThat(first.getSpanKind()).isEqualTo("SERVER");
        assertThat(first.getIsError()).isTrue();
        assertThat(first.getDurationMs()).isEqualTo(3.0);
        assertThat(first.getHttpMethod()).isEqualTo("GET");
        assertThat(first.getTraceId()).matches("[0-9a-f]{32}");

        assertThat(grpc().listServices(ListServicesRequest.getDefaultInstance()).getServicesList())
                .extracting(ServiceStatus::getName).contains("checkout", "payments");
        assertThatThrownBy(() -> grpc().queryTelemetry(QueryTelemetryRequest.newBuilder().setMaxRecords(50_001).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    @Order(2)
    void connectJsonOverHttp11() throws Exception {
        HttpResponse<String> page = postJson(TELEMETRY, "{\"startSeqId\": \"150\", \"maxRecords\": 10, "
                + "\"serviceNames\": [\"payments\"]}");
        assertThat(page.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(page.body());
        assertThat(body.path("spans")).hasSize(10);
        List<Long> seqs = new ArrayList<>();
        body.path("spans").forEach(s -> {
            assertThat(s.path("serviceName").asText()).isEqualTo("payments");
            seqs.add(Long.parseLong(s.path("seqId").asText()));
        });
        assertThat(seqs).isSorted().allSatisfy(s -> assertThat(s).isGreaterThan(150));
        assertThat(body.path("maxSeqId").asText()).isEqualTo(Long.toString(seqs.getLast()));

        HttpResponse<String> tooMany = postJson(TELEMETRY, "{\"maxRecords\": 50001}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).path("code").asText()).isEqualTo("invalid_argument");
        HttpResponse<String> shell = postJson("/coral.agent.v1.AgentService/ShellExec", "{}");
        assertThat(shell.statusCode()).isEqualTo(501);
        assertThat(JSON.readTree(shell.body()).path("code").asText()).isEqualTo("unimplemented");
    }

    @Test
    @Order(3)
    void duckdbSnapshotWholeAndFromRangesOpensWithDuckDb() throws Exception {
        HttpResponse<byte[]> whole = get("/duckdb/metrics.duckdb", Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
        Path wholeFile = Files.write(dir.resolve("whole.duckdb"), whole.body());
        assertThat(spanCounts(wholeFile)).containsEntry("checkout", (long) CHECKOUT).containsEntry("payments", (long) PAYMENTS);

        Ranged ranged = fetchByRanges("/duckdb/metrics.duckdb", 128 * 1024);
        assertThat(ranged.requests()).isGreaterThan(1);
        if (ranged.etag().equals(whole.headers().firstValue("etag").orElseThrow())) {
            assertThat(ranged.bytes()).isEqualTo(whole.body());
        }
        Path rangedFile = Files.write(dir.resolve("ranged.duckdb"), ranged.bytes());
        assertThat(spanCounts(rangedFile)).containsEntry("checkout", (long) CHECKOUT);
        try (Connection c = open(rangedFile); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*), min(seq_id), max(seq_id), count(DISTINCT span_id) "
                        + "FROM otel_spans_local")) {
            r.next();
            assertThat(List.of(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)))
                    .containsExactly((long) CHECKOUT + PAYMENTS, 1L, (long) CHECKOUT + PAYMENTS, (long) CHECKOUT + PAYMENTS);
        }

        assertThat(get("/duckdb/nope.duckdb", Map.of()).statusCode()).isEqualTo(404);
        assertThat(get("/duckdb/..%2Fconf%2Fpipelines.conf", Map.of()).statusCode()).isEqualTo(400);
    }

    /** A file read as DuckDB's httpfs reads it: HEAD, then byte ranges pinned to one copy with If-Range. */
    private Ranged fetchByRanges(String path, int chunk) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            long size = Long.parseLong(head.headers().firstValue("content-length").orElseThrow());
            String etag = head.headers().firstValue("etag").orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int requests = 0;
            boolean sameCopy = true;
            for (long from = 0; from < size && sameCopy; from += chunk) {
                long to = Math.min(size, from + chunk) - 1;
                HttpResponse<byte[]> part = get(path, Map.of("Range", "bytes=" + from + "-" + to, "If-Range", etag));
                requests++;
                // 200 means the store took a newer copy meanwhile: start over, never mix copies.
                sameCopy = part.statusCode() == 206;
                if (sameCopy) {
                    assertThat(part.headers().firstValue("content-range")).hasValue("bytes " + from + "-" + to + "/" + size);
                    out.write(part.body());
                }
            }
            if (sameCopy) {
                return new Ranged(out.toByteArray(), etag, requests);
            }
        }
        throw new AssertionError("the snapshot changed during every attempt");
    }

    private record Ranged(byte[] bytes, String etag, int requests) {}

    @Test
    @Order(4)
    void statusAndMetricsReflectTheTraffic() throws Exception {
        JsonNode status = JSON.readTree(get("/status", Map.of()).body());
        assertThat(status.path("api").path("listen").get(0).asText()).isEqualTo(agent.apiAddress());
        assertThat(status.path("plugins")).extracting(p -> p.path("id").asText()).contains("otlp", "duckdb-store");
        assertThat(status.path("components")).filteredOn(c -> !c.path("id").asText().equals("sysmetrics"))
                .allSatisfy(c -> assertThat(c.path("health").asText()).isEqualTo("OK"))
                .extracting(c -> c.path("kind").asText() + "/" + c.path("id").asText())
                .contains("receiver/otlp", "store/duckdb");
        assertThat(status.path("counters").path("otelcol_receiver_accepted_spans").asLong())
                .isEqualTo(CHECKOUT + PAYMENTS);
        assertThat(status.path("counters").path("coral_store_written_spans").asLong()).isEqualTo(CHECKOUT + PAYMENTS);
        JsonNode storage = status.path("storage").get(0);
        assertThat(storage.path("files").get(0).path("size_bytes").asLong()).isPositive();
        assertThat(storage.path("tables")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("otel_spans_local");
            assertThat(t.path("rows").asLong()).isEqualTo(CHECKOUT + PAYMENTS);
        });

        String metrics = new String(get("/metrics", Map.of()).body(), StandardCharsets.UTF_8);
        assertThat(metrics)
                .containsPattern("(?m)^otelcol_receiver_accepted_spans_total\\{receiver=\"otlp\",transport=\"grpc\"} "
                        + (CHECKOUT + PAYMENTS) + "$")
                .containsPattern("(?m)^coral_store_written_spans_total\\{store=\"duckdb\"} " + (CHECKOUT + PAYMENTS) + "$")
                .containsPattern("(?m)^otelcol_process_memory_rss \\d+$")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{.*jvm_memory_type=\"heap\"} \\d+$")
                .containsPattern("(?m)^coral_api_requests_total\\{code=\"OK\",method=\"coral.agent.v1.AgentService/"
                        + "QueryTelemetry\",protocol=\"grpc\"} \\d+$");
    }

    @Test
    @Order(5)
    void cliTalksToTheRunningAgent() {
        Distribution.Result status = dist.run("status", "--agent", agent.apiAddress());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).containsPattern("receiver\\s+otlp\\s+OK").containsPattern("store\\s+duckdb\\s+OK")
                .containsPattern("otel_spans_local\\s+" + (CHECKOUT + PAYMENTS))
                .containsPattern("otelcol_receiver_accepted_spans\\s+" + (CHECKOUT + PAYMENTS));

        Distribution.Result spans = dist.run("query", "spans", "--agent", agent.apiAddress(), "--service", "payments",
                "--limit", "5");
        assertThat(spans.exitCode()).as(spans.stderr()).isZero();
        List<String> lines = spans.stdout().lines().toList();
        assertThat(lines.getFirst()).startsWith("TIME").contains("SERVICE");
        assertThat(lines.subList(1, 6)).allSatisfy(l -> assertThat(l).contains("payments").contains("ERROR")
                .contains("3.0ms"));
        assertThat(lines.getLast()).startsWith("5 spans (more match: raise --limit, or --page-token ");
        // The token it prints continues after those five.
        String token = lines.getLast().replaceAll(".*--page-token (\\S+) .*", "$1");
        Distribution.Result next = dist.run("query", "spans", "--agent", agent.apiAddress(), "--service", "payments",
                "--limit", "5", "--page-token", token);
        assertThat(next.exitCode()).as(next.stderr()).isZero();
        // Span ids, the table's last column: five new ones.
        List<String> firstIds = lines.subList(1, 6).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        List<String> nextIds = next.stdout().lines().skip(1).filter(l -> l.contains("payments"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertThat(nextIds).hasSize(5).doesNotContainAnyElementsOf(firstIds);

        await().atMost(Duration.ofSeconds(30)).until(() -> grpc().querySystemMetrics(QuerySystemMetricsRequest
                .newBuilder().addMetricNames("system.cpu.utilization").build()).getMetricsCount() >= 3);
        Distribution.Result chart = dist.run("query", "system-metrics", "--agent", agent.apiAddress(), "--name",
                "system.cpu.utilization", "--since", "5m", "--chart");
        assertThat(chart.exitCode()).as(chart.stderr()).isZero();
        assertThat(chart.stdout().lines().findFirst().orElseThrow()).startsWith("system.cpu.utilization");
        assertThat(chart.stdout()).containsPattern("[▁▂▃▄▅▆▇█]");

        Distribution.Result unreachable = dist.run("query", "spans", "--agent", "127.0.0.1:" + Distribution.freePort());
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.stderr().strip()).startsWith("coral-agent: cannot reach the agent").doesNotContain("\n");
    }

    @Test
    @Order(6)
    void aRestartKeepsTheSessionAndSeqIdsAndANewDatabaseGetsANewSession() throws Exception {
        long total = CHECKOUT + PAYMENTS;
        String session = grpc().queryTelemetry(QueryTelemetryRequest.newBuilder().setStartSeqId(total).build())
                .getSessionId();
        assertThat(agent.stop()).as(dist.stderr()).isZero();

        agent.start();
        send("checkout", "GET /after-restart", 10);
        QueryTelemetryResponse after = grpc().queryTelemetry(QueryTelemetryRequest.newBuilder().setStartSeqId(total).build());
        assertThat(after.getSessionId()).isEqualTo(session);
        assertThat(after.getSpansList()).extracting(TelemetrySpan::getSeqId)
                .containsExactlyElementsOf(Stream.iterate(total + 1, i -> i + 1).limit(10).toList());
        assertThat(agent.stop()).as(dist.stderr()).isZero();

        deleteTree(dist.home.resolve("data"));
        agent.start();
        QueryTelemetryResponse fresh = grpc().queryTelemetry(QueryTelemetryRequest.newBuilder()
                .setStartSeqId(total + 10).build());
        assertThat(fresh.getSessionId()).isNotEqualTo(session).matches("[0-9a-f-]{36}");
        assertThat(fresh.getSpansList()).isEmpty();
        send("payments", "POST /fresh", 5);
        // The poller saw a new session: it restarts from 0 and finds exactly the new spans.
        QueryTelemetryResponse restarted = grpc().queryTelemetry(QueryTelemetryRequest.newBuilder().setStartSeqId(0).build());
        assertThat(restarted.getSpansList()).extracting(TelemetrySpan::getSeqId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(restarted.getSpansList()).allSatisfy(s -> assertThat(s.getServiceName()).isEqualTo("payments"));
    }

    private static Map<String, Long> spanCounts(Path db) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = open(db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT service_name, count(*) FROM otel_spans_local "
                        + "GROUP BY service_name ORDER BY service_name")) {
            while (r.next()) {
                counts.put(r.getString(1), r.getLong(2));
            }
        }
        return counts;
    }

    private static Connection open(Path db) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + db, readOnly);
    }

    private URI uri(String path) {
        return URI.create("http://" + agent.apiAddress() + path);
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
