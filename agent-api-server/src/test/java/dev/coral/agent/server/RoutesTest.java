package dev.coral.agent.server;

import dev.coral.agent.server.testing.ApiAgent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The plain GET routes: /status, /metrics and /duckdb/<db> with byte ranges and path guards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB = "/duckdb/metrics.duckdb";

    ApiAgent agent;
    Path home;
    byte[] database;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        home = dir;
        agent = ApiAgent.start(dir);
        database = new byte[300_000];
        new Random(42).nextBytes(database);
        agent.store.writeDatabase(database);
        // Files a path trick would like to read: beside the data dir, and in it but not served.
        Files.writeString(dir.resolve("secret.txt"), "SECRET-OUTSIDE");
        Files.writeString(dir.resolve("data").resolve("other.duckdb"), "SECRET-INSIDE");
        agent.send("checkout", 5);
        agent.send("payments", 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void statusAnswersWhenAStoreCannotBeReadAndSaysWhy() throws Exception {
        agent.store.failReads("IO Error: No space left on device");
        try {
            HttpResponse<byte[]> r = agent.get("/status");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode s = JSON.readTree(r.body());
            assertThat(s.path("storage").get(0).path("error").asText()).contains("No space left on device");
            assertThat(s.path("health").asText()).isEqualTo("DEGRADED");
            assertThat(s.path("problems").get(0).asText()).contains("DEGRADED").contains("No space left on device");
        } finally {
            agent.store.failReads(null);
        }
        assertThat(JSON.readTree(agent.get("/status").body()).path("health").asText()).isEqualTo("OK");
    }

    @Test
    void statusDescribesTheAgentItsPipelinesStorageAndTraffic() throws Exception {
        HttpResponse<byte[]> r = agent.get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.path("agent_id").asText()).isEqualTo(agent.runtime.services().orElseThrow().agent().agentId());
        assertThat(s.path("version").asText()).isNotBlank();
        assertThat(s.path("uptime_seconds").isIntegralNumber()).isTrue();
        assertThat(s.path("api").path("listen").get(0).asText()).isEqualTo("127.0.0.1:" + agent.port);
        assertThat(s.path("plugins").isArray()).isTrue();
        assertThat(s.path("pipelines").get(0).path("name").asText()).isEqualTo("traces");
        assertThat(s.path("pipelines").get(0).path("receivers").get(0).asText()).isEqualTo("test-source");
        assertThat(s.path("pipelines").get(0).path("stores").get(0).asText()).isEqualTo("query-memory");
        assertThat(s.path("components")).anySatisfy(c -> {
            assertThat(c.path("id").asText()).isEqualTo("query-memory");
            assertThat(c.path("kind").asText()).isEqualTo("store");
            assertThat(c.path("health").asText()).isEqualTo("OK");
        });
        JsonNode storage = s.path("storage").get(0);
        assertThat(storage.path("session_id").asText()).isEqualTo(agent.store.sessionId());
        assertThat(storage.path("files").get(0).path("size_bytes").asLong()).isEqualTo(database.length);
        assertThat(storage.path("tables")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("otel_spans_local");
            assertThat(t.path("rows").asLong()).isGreaterThanOrEqualTo(7);
        });
        assertThat(s.path("counters").path("otelcol_receiver_accepted_spans").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(s.path("counters").path("coral_store_written_spans").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(s.path("gauges").path("coral_runtime_inflight_batches").isNumber()).isTrue();
    }

    @Test
    void metricsArePrometheusTextWithTheCollectorsNamesAndJvmMemory() throws Exception {
        agent.postJson("/coral.agent.v1.AgentService/GetRuntimeContext", "{}");
        HttpResponse<byte[]> r = agent.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(text).contains("# TYPE otelcol_receiver_accepted_spans_total counter")
                .containsPattern("(?m)^otelcol_receiver_accepted_spans_total\\{receiver=\"test-source\"} \\d+$")
                .containsPattern("(?m)^coral_store_written_spans_total\\{store=\"query-memory\"} \\d+$")
                .containsPattern("(?m)^otelcol_process_runtime_heap_alloc_bytes \\d+$")
                .containsPattern("(?m)^otelcol_process_memory_rss \\d+$")
                .containsPattern("(?m)^otelcol_process_uptime [0-9.]+$")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{jvm_memory_pool_name=\"[^\"]+\",jvm_memory_type=\"heap\"} \\d+$")
                .contains("coral_runtime_inflight_bytes")
                .containsPattern("(?m)^coral_api_requests_total\\{code=\"OK\",method=\"coral.agent.v1.AgentService/"
                        + "GetRuntimeContext\",protocol=\"connect\"} \\d+$");
        long accepted = Long.parseLong(text.lines().filter(l -> l.startsWith("otelcol_receiver_accepted_spans_total{"))
                .findFirst().orElseThrow().replaceAll(".* ", ""));
        assertThat(accepted).isEqualTo(agent.counters().get("otelcol_receiver_accepted_spans"));
    }

    @Test
    void headAnswersHeadersOnlyAndOtherMethodsAre405() throws Exception {
        HttpResponse<byte[]> head = agent.head("/status");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> post = agent.postJson("/status", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(agent.get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void duckdbServesTheWholeSnapshotAndListsNames() throws Exception {
        HttpResponse<byte[]> list = agent.get("/duckdb/");
        assertThat(JSON.readTree(list.body()).get(0).asText()).isEqualTo("metrics.duckdb");
        HttpResponse<byte[]> whole = agent.get(DB);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("etag")).isPresent();
        assertThat(whole.headers().firstValue("content-length")).hasValue(Integer.toString(database.length));
        assertThat(whole.body()).isEqualTo(database);
        HttpResponse<byte[]> head = agent.head(DB);
        assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(database.length));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void rangeRequestsReassembleTheFileAsHttpfsReadsIt() throws Exception {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int chunk = 65_536;
        for (int from = 0; from < database.length; from += chunk) {
            int to = Math.min(database.length, from + chunk) - 1;
            HttpResponse<byte[]> part = agent.get(DB, "Range", "bytes=" + from + "-" + to);
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("content-range")).hasValue("bytes " + from + "-" + to + "/"
                    + database.length);
            assertThat(part.body()).hasSize(to - from + 1);
            joined.write(part.body());
        }
        assertThat(joined.toByteArray()).isEqualTo(database);
    }

    @Test
    void openEndedSuffixAndOverlongRanges() throws Exception {
        int n = database.length;
        HttpResponse<byte[]> tail = agent.get(DB, "Range", "bytes=" + (n - 10) + "-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(database, n - 10, n));
        HttpResponse<byte[]> suffix = agent.get(DB, "Range", "bytes=-7");
        assertThat(suffix.headers().firstValue("content-range")).hasValue("bytes " + (n - 7) + "-" + (n - 1) + "/" + n);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(database, n - 7, n));
        HttpResponse<byte[]> past = agent.get(DB, "Range", "bytes=100-999999999");
        assertThat(past.statusCode()).isEqualTo(206);
        assertThat(past.body()).isEqualTo(Arrays.copyOfRange(database, 100, n));
    }

    /** Byte for byte on a socket, as curl -r or httpfs sends it (issue 11: this answered 200 with the whole file). */
    @Test
    void rangeEndsPastTheFileOrALongAreClampedTo206() throws Exception {
        int n = database.length;
        for (String range : List.of("bytes=0-99999999999999999999", "bytes=0-9223372036854775808", "bytes=-99999999999999999999")) {
            RawHttp.Answer a = rawRange(range);
            assertThat(a.status()).as(range).isEqualTo(206);
            assertThat(a.text()).as(range).containsIgnoringCase("Content-Range: bytes 0-" + (n - 1) + "/" + n + "\r\n")
                    .containsIgnoringCase("Content-Length: " + n + "\r\n");
            assertThat(body(a)).isEqualTo(database);
        }
        RawHttp.Answer tail = rawRange("bytes=" + (n - 3) + "-99999999999999999999");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.text()).containsIgnoringCase("Content-Range: bytes " + (n - 3) + "-" + (n - 1) + "/" + n + "\r\n");
        assertThat(body(tail)).isEqualTo(Arrays.copyOfRange(database, n - 3, n));
        for (String range : List.of("bytes=99999999999999999999-", "bytes=" + n + "-99999999999999999999")) {
            RawHttp.Answer a = rawRange(range);
            assertThat(a.status()).as(range).isEqualTo(416);
            assertThat(a.text()).as(range).containsIgnoringCase("Content-Range: bytes */" + n + "\r\n");
        }
    }

    private RawHttp.Answer rawRange(String range) throws java.io.IOException {
        return RawHttp.exchange(agent.port, ("GET " + DB + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + range
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] body(RawHttp.Answer a) {
        return a.text().substring(a.text().indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unsatisfiableRangesAre416AndOthersServeTheWholeFile() throws Exception {
        HttpResponse<byte[]> beyond = agent.get(DB, "Range", "bytes=" + database.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("content-range")).hasValue("bytes */" + database.length);
        // Several ranges, a reversed range, another unit: the RFC lets a server answer 200 with all.
        for (String range : List.of("bytes=0-1,5-6", "bytes=9-3", "lines=1-2")) {
            HttpResponse<byte[]> r = agent.get(DB, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).hasSize(database.length);
        }
        // If-Range with another copy's ETag: the ranges of the old copy must not be mixed in.
        HttpResponse<byte[]> stale = agent.get(DB, "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        String etag = agent.get(DB).headers().firstValue("etag").orElseThrow();
        assertThat(agent.get(DB, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
    }

    @Test
    void unknownDatabasesAre404EvenWhenSuchAFileExists() throws Exception {
        HttpResponse<byte[]> r = agent.get("/duckdb/other.duckdb");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("metrics.duckdb").doesNotContain("SECRET");
    }

    @Test
    void pathTricksAre400AndNeverReadOutsideTheSnapshots() throws Exception {
        for (String target : List.of("/duckdb/../secret.txt", "/duckdb/../../secret.txt", "/duckdb/..%2Fsecret.txt",
                "/duckdb/%2e%2e/secret.txt", "/duckdb/%2E%2E%2Fsecret.txt", "/duckdb/%2Ftmp%2Fsecret.txt",
                "/duckdb//etc/passwd", "/duckdb/./metrics.duckdb", "/duckdb/..\\secret.txt",
                "/duckdb/metrics.duckdb%00", "/duckdb/%252e%252e/secret.txt", "/duckdb/sub/metrics.duckdb",
                "/duckdb/.hidden")) {
            RawHttp.Answer a = RawHttp.get(agent.port, target);
            assertThat(a.status()).as(target).isEqualTo(400);
            assertThat(a.text()).as(target).doesNotContain("SECRET").containsIgnoringCase("Content-Type: text/plain");
        }
        // Absolute-form request targets are fine, as long as the path is.
        assertThat(RawHttp.get(agent.port, "http://127.0.0.1:" + agent.port + "/duckdb/../secret.txt").status())
                .isEqualTo(400);
        assertThat(RawHttp.get(agent.port, "http://127.0.0.1:" + agent.port + DB).status()).isEqualTo(200);
        // Still serving.
        assertThat(agent.get(DB, "Range", "bytes=0-0").statusCode()).isEqualTo(206);
    }
}
