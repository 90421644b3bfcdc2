package dev.coral.agent.server;

import dev.coral.agent.server.testing.ApiAgent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Connect protocol's unary calls, as curl or a connect-go client make them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TELEMETRY = "/coral.agent.v1.AgentService/QueryTelemetry";

    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        agent.send("checkout", 6);
        agent.send("payments", 4);
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void jsonOverHttp11AnswersInProto3Json() throws Exception {
        HttpResponse<String> r = agent.postJson("/coral.agent.v1.AgentService/GetRuntimeContext", "{}");
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("agentId").asText()).isEqualTo(agent.runtime.services().orElseThrow().agent().agentId());
        assertThat(body.path("platform").path("os").asText()).isEqualTo("linux");
    }

    @Test
    void seqIdPagesInJsonWithSnakeOrCamelCaseFields() throws Exception {
        JsonNode first = JSON.readTree(agent.postJson(TELEMETRY, "{\"start_seq_id\": 0, \"max_records\": 4}").body());
        assertThat(first.path("spans")).hasSize(4);
        assertThat(first.path("totalSpans").asInt()).isEqualTo(4);
        // uint64 travels as a JSON string in proto3 JSON.
        assertThat(first.path("maxSeqId").isTextual()).isTrue();
        assertThat(first.path("maxSeqId").asText()).isEqualTo("4");
        assertThat(first.path("spans").get(0).path("seqId").asText()).isEqualTo("1");
        assertThat(first.path("spans").get(0).path("traceId").asText()).hasSize(32);
        assertThat(first.path("sessionId").asText()).isEqualTo(agent.store.sessionId());

        JsonNode rest = JSON.readTree(agent.postJson(TELEMETRY, "{\"startSeqId\": \"4\", \"serviceNames\": [\"payments\"]}")
                .body());
        assertThat(rest.path("spans")).hasSize(4);
        rest.path("spans").forEach(s -> assertThat(s.path("serviceName").asText()).isEqualTo("payments"));
        assertThat(rest.path("maxSeqId").asText()).isEqualTo("10");
    }

    @Test
    void protoBodiesBothWays() throws Exception {
        byte[] request = QueryTelemetryRequest.newBuilder().setStartSeqId(8).build().toByteArray();
        HttpResponse<byte[]> r = agent.postBytes(TELEMETRY, "application/proto", request);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/proto");
        QueryTelemetryResponse answer = QueryTelemetryResponse.parseFrom(r.body());
        assertThat(answer.getSpansList()).extracting(s -> s.getSeqId()).containsExactly(9L, 10L);
        assertThat(answer.getMaxSeqId()).isEqualTo(10);
    }

    @Test
    void gzipRequestBodies() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write("{\"maxRecords\": 2}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = agent.http.send(HttpRequest.newBuilder(agent.uri(TELEMETRY))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("spans")).hasSize(2);
    }

    @Test
    void maxRecordsOutOfRangeIsInvalidArgumentWith400() throws Exception {
        for (String body : new String[] {"{\"maxRecords\": 50001}", "{\"maxRecords\": -5}"}) {
            HttpResponse<String> r = agent.postJson(TELEMETRY, body);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("code").asText()).isEqualTo("invalid_argument");
            assertThat(error.path("message").asText()).contains("max_records").contains("50000");
        }
    }

    @Test
    void malformedBodiesAreInvalidArgument() throws Exception {
        HttpResponse<String> json = agent.postJson(TELEMETRY, "{\"maxRecords\": ");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("code").asText()).isEqualTo("invalid_argument");
        HttpResponse<String> wrongType = agent.postJson(TELEMETRY, "{\"maxRecords\": \"many\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        HttpResponse<String> proto = agent.post(TELEMETRY, "application/proto", new byte[] {(byte) 0xff, 0x01, 0x02});
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(proto.body()).path("message").asText()).contains("QueryTelemetryRequest");
    }

    @Test
    void unknownMethodsAre404AndShellIs501BothUnimplemented() throws Exception {
        HttpResponse<String> unknown = agent.postJson("/coral.agent.v1.AgentService/Nope", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("unimplemented");
        for (String shell : new String[] {"Shell", "ShellExec", "ContainerExec"}) {
            HttpResponse<String> r = agent.postJson("/coral.agent.v1.AgentService/" + shell, "{}");
            assertThat(r.statusCode()).isEqualTo(501);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("code").asText()).isEqualTo("unimplemented");
            assertThat(error.path("message").asText()).contains("no remote shell");
        }
    }

    @Test
    void protocolMistakesGetConnectErrors() throws Exception {
        HttpResponse<String> text = agent.post(TELEMETRY, "text/plain", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(text.body()).path("code").asText()).isEqualTo("invalid_argument");

        HttpResponse<byte[]> get = agent.get(TELEMETRY);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");

        HttpResponse<String> version = agent.http.send(HttpRequest.newBuilder(agent.uri(TELEMETRY))
                .header("Content-Type", "application/json").header("Connect-Protocol-Version", "2")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(version.statusCode()).isEqualTo(400);

        HttpResponse<String> timeout = agent.http.send(HttpRequest.newBuilder(agent.uri(TELEMETRY))
                .header("Content-Type", "application/json").header("Connect-Timeout-Ms", "soon")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(timeout.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(timeout.body()).path("message").asText()).contains("Connect-Timeout-Ms");
    }

    @Test
    void bodiesOverTheLimitAreRefusedWithoutReadingThemAll() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = agent.post(TELEMETRY, "application/json", big);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("resource_exhausted");
        // The unread body is drained, so the pooled connection serves the next request.
        assertThat(agent.postJson(TELEMETRY, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsReachAClientStillSendingItsBodyAndTheConnectionStaysUsable() throws Exception {
        // Each is answered at the head while the body is still coming; closing the socket with
        // the body unread would reset it and could destroy the answer.
        refusedWhileSending("application/json", 5 * 1024 * 1024, "HTTP/1.1 429", "resource_exhausted");
        refusedWhileSending("text/plain", 3 * 1024 * 1024, "HTTP/1.1 415", "invalid_argument");
    }

    private void refusedWhileSending(String contentType, int length, String status, String code) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", agent.port)) {
            s.setSoTimeout(10_000);
            java.io.OutputStream out = s.getOutputStream();
            java.io.InputStream in = s.getInputStream();
            out.write(("POST " + TELEMETRY + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType + "\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo(status);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, length - sent));
            }
            // The same connection then serves a good request.
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + TELEMETRY + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + ok.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(ok);
            out.flush();
            s.shutdownOutput();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).contains(code).contains("HTTP/1.1 200");
        }
    }

    @Test
    void connectOverHttp2AfterAnH2cUpgrade() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // The JDK client upgrades a cleartext connection on a first request without a body.
        HttpResponse<String> status = h2.send(HttpRequest.newBuilder(agent.uri("/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(agent.uri(TELEMETRY))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"maxRecords\":3}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("spans")).hasSize(3);
    }

    @Test
    void grpcContentTypeOverHttp11IsToldToUseHttp2OrConnect() throws Exception {
        HttpResponse<String> r = agent.post(TELEMETRY, "application/grpc", new byte[5]);
        assertThat(r.statusCode()).isEqualTo(505);
        assertThat(r.body()).contains("HTTP/2").contains("Connect");
    }
}
