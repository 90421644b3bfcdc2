package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.support.testing.ServerFixture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown: refuse new requests, answer the ones in flight (bounded), then close. */
class ShutdownTest {
    @Test
    void inFlightRequestsAreAnsweredAndNewOnesRefusedWhileDraining() throws Exception {
        try (ServerFixture fx = ServerFixture.start("shutdown-timeout = 20s")) {
            fx.traces.hold(true);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (Socket idle = new Socket("127.0.0.1", fx.httpPort())) {
                Future<ExportTraceServiceResponse> grpcCall = TraceServiceGrpc.newFutureStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).export(traces("in-flight", 1));
                CompletableFuture<HttpResponse<String>> httpCall = http.sendAsync(
                        HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces"))
                                .header("Content-Type", "application/x-protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(traces("in-flight", 1).toByteArray())).build(),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(5)).until(() -> fx.traces.heldCount() == 2);

                CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
                    try {
                        fx.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The gate closes before the listeners do: once new connections are refused, it is closed.
                await().atMost(Duration.ofSeconds(5)).until(() -> refusesConnections(fx.httpPort()));

                // A new request on a connection opened before shutdown: 503 with Retry-After.
                String answer = rawPost(idle, traces("late", 1).toByteArray());
                assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1");
                // A new gRPC call: UNAVAILABLE (refused by the gate, or by the closed listener).
                StatusRuntimeException late = catchThrowableOfType(StatusRuntimeException.class, () ->
                        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                                .export(traces("late", 1)));
                assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(shutdown).isNotDone();

                // The pipeline commits what was in flight: both clients get their success, then shutdown ends.
                fx.traces.releaseHeld();
                assertThat(grpcCall.get(10, TimeUnit.SECONDS).hasPartialSuccess()).isFalse();
                assertThat(httpCall.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                shutdown.get(10, TimeUnit.SECONDS);
                assertThat(fx.traces.batches()).hasSize(2);
                assertThat(fx.context.inflight().inUse()).isZero();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void drainingIsBounded() throws Exception {
        try (ServerFixture fx = ServerFixture.start("shutdown-timeout = 1s")) {
            fx.traces.hold(true);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
            try {
                var call = TraceServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .export(traces("stuck", 1));
                await().atMost(Duration.ofSeconds(5)).until(() -> fx.traces.heldCount() == 1);
                long start = System.nanoTime();
                fx.stop();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                // The client was not told "OK" for data that never became durable.
                var e = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
                assertThat(Status.fromThrowable(e.getCause()).getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static String rawPost(Socket s, byte[] body) throws Exception {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
