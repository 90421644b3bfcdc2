package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.gzip;
import static dev.coral.agent.support.testing.Requests.id;
import static dev.coral.agent.support.testing.Requests.span;
import static dev.coral.agent.support.testing.Requests.traces;
import static dev.coral.agent.support.testing.Requests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.support.testing.ServerFixture;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw OTLP/HTTP requests, good and bad, and the answers the specification asks for. */
class HttpProtocolTest {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final long MAX_BODY = 256 * 1024;

    private static ServerFixture fx;
    private static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final OtlpJson json = new OtlpJson();

    @BeforeAll
    static void start() throws Exception {
        fx = ServerFixture.start("""
                http.max-request-body-size = %d
                http.cors.allowed-origins = ["https://*.example.com"]
                retry-after = 3s
                """.formatted(MAX_BODY));
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.resetTraces();
    }

    private static HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.httpBase() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Status protoStatus(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("content-type")).contains(PROTOBUF);
        return Status.parseFrom(r.body());
    }

    private static Status jsonStatus(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("content-type")).contains(JSON);
        Status.Builder b = Status.newBuilder();
        JsonFormat.parser().usingTypeRegistry(com.google.protobuf.TypeRegistry.newBuilder()
                .add(RetryInfo.getDescriptor()).add(com.google.rpc.BadRequest.getDescriptor()).build())
                .merge(new String(r.body(), StandardCharsets.UTF_8), b);
        return b.build();
    }

    @Test
    void protobufIsAcceptedOnceDurable() throws Exception {
        ExportTraceServiceRequest request = traces("orders", 3);
        HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, request.toByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(PROTOBUF);
        assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
        // The 200 came after the consumer's completion, so the batch is already there.
        assertThat(fx.traces.batches()).containsExactly(request);
        assertThat(fx.counter("otelcol_receiver_accepted_spans", "http")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void jsonAsSdksSendItIsAcceptedAndAnsweredInJson() throws Exception {
        HttpResponse<byte[]> r = post("/v1/traces", "application/json; charset=utf-8",
                OtlpJsonTest.TRACE_JSON.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains(JSON);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        var span = fx.traces.batches().getFirst().getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId()).isEqualTo(id("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getName()).isEqualTo("GET /orders");
    }

    @Test
    void gzipBodiesInBothEncodings() throws Exception {
        ExportTraceServiceRequest request = traces("gz", 4);
        HttpResponse<byte[]> p = post("/v1/traces", PROTOBUF, gzip(request.toByteArray()), "Content-Encoding", "gzip");
        HttpResponse<byte[]> j = post("/v1/traces", JSON,
                gzip(json.printRequest(request).getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");

        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(j.statusCode()).isEqualTo(200);
        assertThat(fx.traces.batches()).containsExactly(request, request);
    }

    @Test
    void chunkedBodyWithoutContentLength() throws Exception {
        ExportTraceServiceRequest request = traces("chunked", 50);
        HttpRequest req = HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces"))
                .header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.toByteArray())))
                .build();
        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fx.traces.batches()).containsExactly(request);
    }

    @Test
    void invalidSpansGetPartialSuccessAndTheRestIsKept() throws Exception {
        ExportTraceServiceRequest request = traces("partial",
                validSpan("good", 1), span("bad", id("00ff"), id("0000000000000001")), validSpan("good2", 2));
        HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, request.toByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        var partial = ExportTraceServiceResponse.parseFrom(r.body()).getPartialSuccess();
        assertThat(partial.getRejectedSpans()).isEqualTo(1);
        assertThat(partial.getErrorMessage()).contains("trace_id is 2 bytes, expected 16");
        assertThat(fx.traces.batches()).hasSize(1);
        assertThat(fx.traces.batches().getFirst().getResourceSpans(0).getScopeSpans(0).getSpansList())
                .extracting(s -> s.getName()).containsExactly("good", "good2");
    }

    @Test
    void allSpansInvalidIsStillPartialSuccessInJson() throws Exception {
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102\",\"spanId\":\"0304\",\"name\":\"x\"},"
                + "{\"traceId\":\"\",\"spanId\":\"\",\"name\":\"y\"}]}]}]}";
        HttpResponse<byte[]> r = post("/v1/traces", JSON, body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"rejectedSpans\":\"2\"");
        assertThat(fx.traces.batches()).isEmpty();
    }

    @Test
    void undecodableBodiesGet400WithAStatusInTheRequestsEncoding() throws Exception {
        HttpResponse<byte[]> p = post("/v1/traces", PROTOBUF, new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02});
        assertThat(p.statusCode()).isEqualTo(400);
        Status ps = protoStatus(p);
        assertThat(ps.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
        assertThat(ps.getMessage()).contains("undecodable traces request");

        HttpResponse<byte[]> j = post("/v1/traces", JSON, "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(j.statusCode()).isEqualTo(400);
        assertThat(jsonStatus(j).getMessage()).contains("malformed JSON");

        HttpResponse<byte[]> g = post("/v1/traces", PROTOBUF, new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
        assertThat(g.statusCode()).isEqualTo(400);
        assertThat(protoStatus(g).getMessage()).contains("gzip");
        assertThat(fx.traces.batches()).isEmpty();
    }

    @Test
    void wrongMediaTypeMethodAndPath() throws Exception {
        HttpResponse<byte[]> text = post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(protoStatus(text).getMessage()).contains("unsupported Content-Type text/plain");

        assertThat(post("/v1/traces", null, new byte[0]).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", PROTOBUF, new byte[0], "Content-Encoding", "br").statusCode()).isEqualTo(415);

        HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).contains("POST, OPTIONS");

        HttpResponse<byte[]> unknown = post("/v2/traces", PROTOBUF, new byte[0]);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(protoStatus(unknown).getMessage()).contains("unknown path /v2/traces");
    }

    @Test
    void oversizeBodiesGet413WithoutBeingKept() throws Exception {
        byte[] big = traces("big", 4000).toByteArray();
        assertThat((long) big.length).isGreaterThan(MAX_BODY);
        HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(protoStatus(r).getMessage()).contains("max-request-body-size");
        assertThat(fx.traces.batches()).isEmpty();
    }

    @Test
    void the413ReachesAClientStillSendingItsBodyAndTheConnectionEndsCleanly() throws Exception {
        // The server answers at the head and ends the connection while the body is still coming;
        // closing with unread input would reset the socket and could destroy the answer.
        try (Socket s = new Socket("127.0.0.1", fx.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            long length = 8 * MAX_BODY;
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
            // The body keeps coming after the answer, as from a client that writes while it reads.
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            s.shutdownOutput();
            // The rest of the answer, then an orderly end of stream (not a reset).
            byte[] rest = s.getInputStream().readAllBytes();
            assertThat(new String(rest, StandardCharsets.ISO_8859_1)).containsIgnoringCase("connection: close");
        }
        assertThat(post("/v1/traces", PROTOBUF, traces("after", 1).toByteArray()).statusCode()).isEqualTo(200);
    }

    @Test
    void gzipBombIsRefusedWithoutInflatingItAll() throws Exception {
        // 512 MiB of zeros gzip to ~0.5 MiB; the body limit is 256 KiB, so inflating stops at 256 KiB + 1.
        byte[] bomb = gzipZeros(512L << 20);
        assertThat(bomb.length).isLessThan(1 << 20);
        long before = System.nanoTime();
        HttpResponse<byte[]> r = post("/v1/traces", PROTOBUF, bomb,
                "Content-Encoding", "gzip");
        // Either refused at the door (compressed size over the limit) or while inflating: 413 both ways.
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));

        byte[] smallBomb = gzipZeros(64L << 20); // ~64 KiB compressed: passes the door, fails inflating
        assertThat((long) smallBomb.length).isLessThan(MAX_BODY);
        HttpResponse<byte[]> r2 = post("/v1/traces", PROTOBUF, smallBomb, "Content-Encoding", "gzip");
        assertThat(r2.statusCode()).isEqualTo(413);
        assertThat(protoStatus(r2).getMessage()).contains("inflates to more than");
        assertThat(fx.context.telemetry().value("otelcol_receiver_refused_requests",
                Map.of("transport", "http", "reason", "too_large"))).isGreaterThanOrEqualTo(2);
    }

    private static byte[] gzipZeros(long n) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long left = n; left > 0; left -= zeros.length) {
                gz.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        return out.toByteArray();
    }

    @Test
    void fullBudgetGets429WithRetryAfterAndRetryInfo() throws Exception {
        fx.context.inflight().setLimit(10);
        HttpResponse<byte[]> r;
        // Another request holds the whole bound (a request alone in flight is always admitted).
        try (var others = fx.context.inflight().reserve(10)) {
            r = post("/v1/traces", PROTOBUF, traces("busy", 2).toByteArray());
        }
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).contains("3");
        Status s = protoStatus(r);
        assertThat(s.getCode()).isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(s.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(3);
        assertThat(fx.traces.batches()).isEmpty();
        // Reservations are returned once the answer is written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.context.inflight().inUse() == 0);
    }

    @Test
    void pipelineRefusalsMapTo503And500() throws Exception {
        fx.traces.refuseWith(RefusedException.unavailable("store is compacting"));
        HttpResponse<byte[]> r = post("/v1/traces", JSON, json.printRequest(traces("x", 1)).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("retry-after")).contains("1");
        assertThat(jsonStatus(r).getMessage()).isEqualTo("store is compacting");

        fx.traces.refuseWith(RefusedException.failed("disk full", null));
        assertThat(post("/v1/traces", PROTOBUF, traces("x", 1).toByteArray()).statusCode()).isEqualTo(500);
        assertThat(fx.counter("otelcol_receiver_refused_spans", "http")).isGreaterThanOrEqualTo(2);
        // Reservations are returned once the answer is written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.context.inflight().inUse() == 0);
    }

    @Test
    void answerWaitsForDurability() throws Exception {
        fx.traces.hold(true);
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(
                HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces")).header("Content-Type", PROTOBUF)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(traces("slow", 1).toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.traces.heldCount() == 1);
        assertThat(pending).isNotDone();
        assertThat(fx.context.inflight().inUse()).isPositive();

        fx.traces.releaseHeld();
        assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // Reservations are returned once the answer is written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.context.inflight().inUse() == 0);
    }

    @Test
    void badRequestsNeverTouchDataAlreadyAccepted() throws Exception {
        ExportTraceServiceRequest good = traces("kept", 2);
        assertThat(post("/v1/traces", PROTOBUF, good.toByteArray()).statusCode()).isEqualTo(200);
        List<ExportTraceServiceRequest> before = List.copyOf(fx.traces.batches());

        assertThat(post("/v1/traces", PROTOBUF, "garbage!!".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post("/v1/traces", JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post("/v1/traces", "text/xml", good.toByteArray()).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", PROTOBUF, new byte[(int) MAX_BODY + 1]).statusCode()).isEqualTo(413);

        assertThat(fx.traces.batches()).isEqualTo(before);
        assertThat(fx.traces.batches().getFirst()).isEqualTo(good);
        // The receiver still takes good data after all that.
        assertThat(post("/v1/traces", PROTOBUF, good.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(fx.traces.batches()).hasSize(2);
    }

    @Test
    void metricsArriveAndPointsAreCounted() throws Exception {
        fx.metrics.batches().clear();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(3).setTimeUnixNano(1))
                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(4).setTimeUnixNano(2))))))
                .build();
        long before = fx.counter("otelcol_receiver_accepted_metric_points", "http");
        assertThat(post("/v1/metrics", PROTOBUF, request.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(fx.metrics.batches()).containsExactly(request);
        assertThat(fx.counter("otelcol_receiver_accepted_metric_points", "http")).isEqualTo(before + 2);
    }

    @Test
    void corsForBrowserSdks() throws Exception {
        HttpResponse<byte[]> pre = client.send(HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("access-control-allow-origin")).contains("https://shop.example.com");
        assertThat(pre.headers().firstValue("access-control-allow-methods")).contains("POST");
        assertThat(pre.headers().firstValue("access-control-allow-headers")).contains("content-type");
        assertThat(pre.headers().firstValue("access-control-max-age")).contains("7200");

        HttpResponse<byte[]> denied = client.send(HttpRequest.newBuilder(URI.create(fx.httpBase() + "/v1/traces"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.test")
                .header("Access-Control-Request-Method", "POST")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<byte[]> actual = post("/v1/traces", JSON, "{}".getBytes(StandardCharsets.UTF_8),
                "Origin", "https://shop.example.com");
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("access-control-allow-origin")).contains("https://shop.example.com");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        byte[] a = traces("first", 1).toByteArray();
        byte[] b = "nonsense".getBytes(StandardCharsets.UTF_8);
        var wire = new java.io.ByteArrayOutputStream();
        for (byte[] body : List.of(a, b, a)) {
            wire.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            wire.write(body);
        }
        try (Socket s = new Socket("127.0.0.1", fx.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(wire.toByteArray());
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readStatusLine(in)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(readStatusLine(in)).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(readStatusLine(in)).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(fx.traces.batches()).hasSize(2);
    }

    /** Reads one response and returns its status line. */
    private static String readStatusLine(InputStream in) throws Exception {
        String status = readLine(in);
        int length = 0;
        for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void signalsNoPipelineTakesGet404() throws Exception {
        try (ServerFixture tracesOnly = ServerFixture.start("", List.of(Signal.TRACES), 64L << 20)) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(tracesOnly.httpBase() + "/v1/logs"))
                    .header("Content-Type", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(Status.parseFrom(r.body()).getMessage()).contains("no pipeline takes logs");
        }
    }

}
