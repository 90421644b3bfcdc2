package dev.coral.agent.server;

import dev.coral.agent.server.testing.ApiAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Misbehaving clients get an answer or a closed connection; everyone else keeps being served. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustnessTest {
    private static final String TELEMETRY = "/coral.agent.v1.AgentService/QueryTelemetry";

    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        agent.store.writeDatabase(new byte[4 * 1024 * 1024]);
        agent.send("checkout", 20);
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void garbageOnTheConnectionIsAnsweredOrClosed() throws Exception {
        for (byte[] junk : List.of("\u0000\u0001\u0002GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "GET /status HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "GET /status HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                // An HTTP/2 preface followed by a frame that is not SETTINGS.
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0004\u0009\u0000\u0000\u0000\u0000\u0001ABCD"
                        .getBytes(StandardCharsets.ISO_8859_1))) {
            RawHttp.Answer a = RawHttp.exchange(agent.port, junk);
            assertThat(a.status()).isIn(-1, 400, 505);
        }
        assertServing();
    }

    @Test
    void headersUpTo16KiBAreServedAndLargerOnesAre431() throws Exception {
        String fits = "x".repeat(12 * 1024);
        RawHttp.Answer ok = RawHttp.exchange(agent.port, ("GET /status HTTP/1.1\r\nHost: x\r\nX-Pad: " + fits
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ok.status()).isEqualTo(200);
        String tooLarge = "x".repeat(20 * 1024);
        RawHttp.Answer refused = RawHttp.exchange(agent.port, ("GET /status HTTP/1.1\r\nHost: x\r\nX-Pad: "
                + tooLarge + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refused.status()).isEqualTo(431);
        assertThat(refused.text()).containsIgnoringCase("Content-Type: text/plain");
        assertServing();
    }

    @Test
    void stalledClientsDoNotHoldUpOthers() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.port);
                // Half a request line; a body shorter than promised.
                s.getOutputStream().write((i % 2 == 0 ? "GET /stat" : "POST " + TELEMETRY
                        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"max")
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            for (int i = 0; i < 10; i++) {
                assertServing();
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void clientsLeavingMidDownloadLeaveNothingBroken() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.port)) {
                s.getOutputStream().write(("GET /duckdb/metrics.duckdb HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                in.readNBytes(10_000);
            }
        }
        HttpResponse<byte[]> whole = agent.get("/duckdb/metrics.duckdb");
        assertThat(whole.body()).hasSize(4 * 1024 * 1024);
    }

    @Test
    void manyConcurrentCallsOverBothProtocolsAllSucceed() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> connect = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            connect.add(agent.http.sendAsync(HttpRequest.newBuilder(agent.uri(TELEMETRY))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"maxRecords\": " + (i % 20 + 1) + "}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        var stub = AgentServiceGrpc.newFutureStub(agent.channel());
        List<com.google.common.util.concurrent.ListenableFuture<?>> grpc = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            grpc.add(stub.withDeadlineAfter(20, TimeUnit.SECONDS)
                    .queryTelemetry(QueryTelemetryRequest.newBuilder().setMaxRecords(i % 20 + 1).build()));
        }
        for (var f : connect) {
            assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        for (var f : grpc) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isNotNull();
        }
    }

    private void assertServing() throws Exception {
        assertThat(agent.get("/status").statusCode()).isEqualTo(200);
        assertThat(agent.postJson(TELEMETRY, "{\"maxRecords\": 1}").statusCode()).isEqualTo(200);
    }
}
