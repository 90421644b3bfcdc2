package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.coral.agent.server.v1.ListServicesResponse;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.v1.ServiceStatus;
import dev.coral.agent.server.v1.StoredSpan;
import dev.coral.agent.server.v1.TelemetrySpan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 end to end: an agent whose heap is 256 MiB (half the launcher's) holds thirty 10 MB
 * spans in a store with a 1 GiB DuckDB memory limit, and a colony polls it with
 * {@code QueryTelemetry {"maxRecords": 50}} over Connect JSON. Before pages had a byte budget the
 * first poll ran the agent out of heap; now each answer holds what fits (here one span), the next
 * poll continues after its {@code max_seq_id}, and people's queries page by token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigSpanApiTest {
    private static final Instant T0 = Instant.now().minusSeconds(600);
    private static final int SPANS = 30;
    private static final int SIZE = 10 * BigSpans.MB;

    private Path dir;
    private Process agent;
    private HttpClient http;
    private int port;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path data = Files.createDirectories(dir.resolve("data"));
        DuckDbStore store = TestStores.start(TestStores.context(data), "memory-limit = 1GiB\nmax-value-length = 16MiB\nmax-attributes-length = 32MiB"
                + "\ningest-log.max-pending = 1GiB");
        try {
            BigSpans.write(store, SPANS, SIZE, T0.toEpochMilli() * 1_000_000L);
        } finally {
            TestStores.stop(store);
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        // Its temp dir in the test's: the DuckDB driver copies its 71 MB library there, and a killed JVM leaves it.
        agent = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), BigSpanAgent.class.getName(), data.toString())
                .redirectError(dir.resolve("agent-stderr.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the agent's first line; stderr: %s", stderr()).isNotNull().startsWith("PORT ");
        port = Integer.parseInt(line.substring(5));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.getOutputStream().close();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void colonyPollsOfFiftyRecordsGetWhatFitsAndContinueAfterIt() throws Exception {
        // Every row exactly once across all pages is PageBudgetTest's; here each access to one of
        // these rows decompresses all thirty (~1.5 s), so the test polls the first and last pages.
        assertThat(poll(0)).as("a 10 MB span passes the 4 MiB page budget: it comes alone").containsExactly(1L);
        assertThat(poll(1)).containsExactly(2L);
        assertThat(poll(SPANS - 1)).containsExactly((long) SPANS);
        assertThat(poll(SPANS)).isEmpty();
        assertThat(agent.isAlive()).as("agent alive; stderr: %s", stderr()).isTrue();
    }

    @Test
    void peopleQueriesPageByTokenAndTheServiceListReadsNoSpans() throws Exception {
        QuerySpansResponse.Builder newest = QuerySpansResponse.newBuilder();
        JsonFormat.parser().merge(call("coral.agent.v1.AgentQueryService/QuerySpans", "{\"limit\": 50}"), newest);
        assertThat(newest.getSpansList()).extracting(StoredSpan::getSeqId).containsExactly((long) SPANS);
        assertThat(newest.getTruncated()).isTrue();
        QuerySpansResponse.Builder next = QuerySpansResponse.newBuilder();
        JsonFormat.parser().merge(call("coral.agent.v1.AgentQueryService/QuerySpans", "{\"limit\": 50, "
                + "\"pageToken\": \"" + newest.getNextPageToken() + "\"}"), next);
        assertThat(next.getSpansList()).extracting(StoredSpan::getSeqId).containsExactly(SPANS - 1L);

        ListServicesResponse.Builder services = ListServicesResponse.newBuilder();
        JsonFormat.parser().merge(call("coral.agent.v1.AgentService/ListServices", "{}"), services);
        assertThat(services.getServicesList()).extracting(ServiceStatus::getName).containsExactly("big");
        assertThat(agent.isAlive()).as("agent alive; stderr: %s", stderr()).isTrue();
    }

    /** One colony poll with max_records 50 after a seq id: the seq ids it returns, each span checked. */
    private List<Long> poll(long after) throws Exception {
        QueryTelemetryResponse.Builder page = QueryTelemetryResponse.newBuilder();
        JsonFormat.parser().merge(call("coral.agent.v1.AgentService/QueryTelemetry",
                "{\"startSeqId\": \"" + after + "\", \"maxRecords\": 50}"), page);
        List<Long> seqIds = new ArrayList<>();
        for (TelemetrySpan s : page.getSpansList()) {
            // Never assertThat(span): a failure would print 10 MB.
            String payload = s.getAttributesOrThrow("payload");
            assertThat(payload.length()).isEqualTo(SIZE);
            assertThat(payload.startsWith(s.getSeqId() + ":")).as("span %d's own payload", s.getSeqId()).isTrue();
            seqIds.add(s.getSeqId());
        }
        assertThat(page.getMaxSeqId()).isEqualTo(seqIds.isEmpty() ? 0 : seqIds.getLast());
        assertThat(page.getTotalSpans()).isEqualTo(seqIds.size());
        return seqIds;
    }

    private String call(String method, String json) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + method))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " failed (" + e + "); agent " + (agent.isAlive() ? "alive"
                    : "exited with " + agent.exitValue() + " (3: out of memory)") + ", stderr: "
                    + stderr(), e);
        }
        assertThat(r.statusCode()).as("%s: %s", method, r.statusCode() == 200 ? "" : r.body()).isEqualTo(200);
        return r.body();
    }

    private String stderr() {
        try {
            String s = Files.readString(dir.resolve("agent-stderr.txt"));
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(none)";
        }
    }
}
