package dev.coral.agent.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.config.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The API's sockets on their own: stopping drains requests in flight, then frees the port. */
class ApiServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void stoppingAnswersARequestInFlightThenFreesThePort() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        ApiServer server = new ApiServer(List.of(Endpoint.parse("127.0.0.1:0")), exchange -> {
            arrived.countDown();
            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
                    .execute(() -> Replies.text(exchange, 200, "late but answered"));
        });
        server.start();
        int port = server.boundAddresses().getFirst().getPort();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        server.stop();

        HttpResponse<String> answer = pending.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("late but answered\n");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).isTrue();
        }
    }

    @Test
    void aRequestNeverAnsweredIsCutAfterTheDrain() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        ApiServer server = new ApiServer(List.of(Endpoint.parse("127.0.0.1:0")), exchange -> arrived.countDown());
        server.start();
        int port = server.boundAddresses().getFirst().getPort();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/never")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        server.stop();
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }
}
