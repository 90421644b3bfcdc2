package dev.coral.agent.support.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import dev.coral.agent.support.testing.ServerFixture;
import dev.coral.agent.support.testing.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that connect and then send slowly or not at all (slowloris) hold neither the
 * in-flight budget nor connections for long, and never lock out the others.
 */
class SlowClientsTest {
    private static final long BUDGET = 64L << 20;
    private static ServerFixture fx;
    private static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        fx = ServerFixture.start("""
                http.read-header-timeout = 1s
                http.read-timeout = 3s
                http.idle-timeout = 2s
                http.max-connections = 12
                """, List.of(Signal.TRACES), BUDGET);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void bodiesThatTrickleInHoldOnlyWhatTheySentAndOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // Seven clients declare 20 MB each (140 MB: twice the budget) and send one byte.
            for (int i = 0; i < 7; i++) {
                Socket s = connect();
                s.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                        + "Content-Length: 20000000\r\n\r\n\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            HttpResponse<byte[]> ok = exportOneSpan();
            assertThat(ok.statusCode()).as("a well-behaved client while seven bodies trickle").isEqualTo(200);
            assertThat(fx.context.inflight().inUse()).as("the slow bodies reserve what they sent").isLessThan(1024);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aHeadThatDoesNotArriveInTimeGets408AndTheConnectionEnds() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            Reply reply = read(s, Duration.ofSeconds(5));
            assertThat(reply.text()).startsWith("HTTP/1.1 408").contains("read-header-timeout");
            assertThat(reply.closed()).isTrue();
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeGets408AndReleasesItsReservation() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[10]);
            out.flush();
            Reply reply = read(s, Duration.ofSeconds(8));
            assertThat(reply.text()).startsWith("HTTP/1.1 408").contains("read-timeout");
            assertThat(reply.closed()).isTrue();
        }
        assertThat(fx.context.inflight().inUse()).isZero();
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (Socket s = connect()) {
            Reply reply = read(s, Duration.ofSeconds(6));
            assertThat(reply.closed()).as("closed after idle-timeout").isTrue();
            assertThat(reply.text()).as("without an answer").isEmpty();
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAndTheCapFreesUp() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(connect());
            }
            int closed = 0;
            for (Socket s : held) {
                if (read(s, Duration.ofMillis(300)).closed()) {
                    closed++;
                }
            }
            assertThat(closed).as("of 20 connections, all past max-connections (12) are closed at once")
                    .isGreaterThanOrEqualTo(8).isLessThan(20);
            assertThat(fx.context.telemetry().value("coral_receiver_refused_connections",
                    java.util.Map.of("transport", "http"))).isGreaterThanOrEqualTo(8);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(exportOneSpan().statusCode()).isEqualTo(200));
    }

    private static HttpResponse<byte[]> exportOneSpan() throws Exception {
        byte[] body = Requests.traces("slow-clients-test", 1).toByteArray();
        return client.send(HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", fx.httpPort()), 5000);
        return s;
    }

    private record Reply(String text, boolean closed) {}

    /** What the server sends until it closes the connection, or until {@code wait} passes (not closed). */
    private static Reply read(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            return new Reply(out.toString(), true);
        } catch (SocketTimeoutException e) {
            return new Reply(out.toString(), false);
        } catch (IOException reset) {
            return new Reply(out.toString(), true);
        }
    }
}
