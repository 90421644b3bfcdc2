package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent stays up and keeps answering under abuse, at CI size: closed-loop gRPC and HTTP
 * senders far past what the store can take, alone and then with bodies that trickle in a byte
 * a second, multi-megabyte attribute values and a well-behaved SDK client beside them.
 * Afterwards the agent answers /status, a fresh client is served, and every acknowledged span
 * is in the store exactly once. Prints the figures BENCHMARKS.md records (refusals, heap and
 * RSS, the well-behaved client's latency).
 */
class AbuseSoakIT {
    private static final Duration ABUSE = Duration.ofSeconds(Long.getLong("coral.soak.seconds", 30));
    private static final int GRPC_SENDERS = 32;
    private static final int GRPC_SPANS = 8000;
    private static final int HTTP_SENDERS = 4;
    private static final int HTTP_SPANS = 2000;
    private static final int SLOW_BODIES = 20;

    @TempDir
    Path dir;

    private final Map<String, Integer> acked = new ConcurrentHashMap<>();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    /**
     * Issue 11's first finding: closed-loop senders of 8000-span requests filled the heap (the
     * budget counted wire bytes, decoded batches are 8 times larger) until OutOfMemoryError. Now
     * they are refused, retryably, and the agent keeps what it acknowledged.
     */
    @Test
    void overloadIsRefusedBeforeTheHeapFillsAndEveryAckedSpanIsKeptOnce() throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        RunningAgent agent = start(dist);
        HttpClient http = httpClient();
        MemorySamples memory = new MemorySamples(http, agent.apiAddress());
        long deadline = System.nanoTime() + ABUSE.toNanos();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            overload(pool, http, agent, deadline);
            pool.submit(() -> memory.run(deadline));
        } finally {
            awaitSenders(pool);
        }
        long overloaded = afterwards(http, agent, dist);
        System.out.printf("overload: %ds, acked requests %d, outcomes %s, agent refusals (overloaded) %d,"
                + " heap max %d MiB, RSS max %d MiB%n", ABUSE.toSeconds(), acked.size(), outcomes, overloaded,
                memory.maxHeap() >> 20, memory.maxRss() >> 20);
        assertThat(overloaded).as("the agent refused, rather than filling its heap").isPositive();
        assertThat(memory.maxRss()).as("resident memory").isLessThan(1536L << 20);
        assertEveryAckedSpanStoredOnce(dist);
    }

    @Test
    void underOverloadSlowClientsAndPoisonValuesTheAgentStaysUpAndKeepsEveryAckedSpanOnce() throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        RunningAgent agent = start(dist);
        HttpClient http = httpClient();
        // The same client alone first: the baseline its latency under abuse is compared with.
        WellBehavedClient alone = new WellBehavedClient(agent.otlpGrpc);
        alone.run(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        WellBehavedClient wellBehaved = new WellBehavedClient(agent.otlpGrpc);
        MemorySamples memory = new MemorySamples(http, agent.apiAddress());
        long deadline = System.nanoTime() + ABUSE.toNanos();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            overload(pool, http, agent, deadline);
            pool.submit(() -> slowBodies(agent.otlpHttp, deadline));
            pool.submit(() -> poison(http, agent, deadline));
            pool.submit(() -> wellBehaved.run(deadline));
            pool.submit(() -> memory.run(deadline));
        } finally {
            awaitSenders(pool);
        }
        long overloaded = afterwards(http, agent, dist);
        System.out.printf("soak: %ds, acked requests %d, outcomes %s, agent refusals (overloaded) %d,"
                        + " heap max %d MiB, RSS max %d MiB, well-behaved client alone: %s; during the abuse: %s%n",
                ABUSE.toSeconds(), acked.size(), outcomes, overloaded, memory.maxHeap() >> 20, memory.maxRss() >> 20,
                alone.summary(), wellBehaved.summary());
        assertThat(overloaded).as("the agent refused, rather than filling its heap").isPositive();
        assertThat(wellBehaved.successes()).as("the well-behaved client got through: %s", wellBehaved.summary())
                .isPositive();
        assertThat(memory.maxRss()).as("resident memory").isLessThan(1536L << 20);
        assertEveryAckedSpanStoredOnce(dist);
    }

    private static RunningAgent start(Distribution dist) {
        dist.writeConfig("""
                agent { api.listen = [${?CORAL_API_LISTEN}] }
                receivers { otlp {
                  grpc.endpoint = ${?CORAL_OTLP_GRPC_ENDPOINT}
                  http.endpoint = ${?CORAL_OTLP_HTTP_ENDPOINT}
                } }
                stores { duckdb {} }
                pipelines { traces { receivers = [otlp], stores = [duckdb] } }
                """);
        return new RunningAgent(dist).start();
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Closed-loop senders far past what the store can take: 32 over gRPC, 4 over HTTP. */
    private void overload(ExecutorService pool, HttpClient http, RunningAgent agent, long deadline) {
        SoakTraffic.Encoded grpcTraffic = new SoakTraffic(GRPC_SPANS).encoded("grpc");
        for (int s = 0; s < GRPC_SENDERS; s++) {
            int sender = s;
            pool.submit(() -> grpcSender(agent.otlpGrpc, sender, grpcTraffic, deadline));
        }
        SoakTraffic.Encoded httpTraffic = new SoakTraffic(HTTP_SPANS).encoded("http");
        for (int s = 0; s < HTTP_SENDERS; s++) {
            int sender = 100 + s;
            pool.submit(() -> httpSender(http, agent.otlpHttp, sender, httpTraffic, deadline));
        }
    }

    private static void awaitSenders(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        assertThat(pool.awaitTermination(ABUSE.toSeconds() + 90, TimeUnit.SECONDS)).as("senders stop").isTrue();
    }

    /** /status answers, a fresh client is served, the agent stops cleanly; the overload refusals it counted. */
    private long afterwards(HttpClient http, RunningAgent agent, Distribution dist) throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                URI.create("http://" + agent.apiAddress() + "/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as("/status after the abuse").isEqualTo(200);
        assertThat(OtlpClient.exportGrpc(agent.otlpGrpc, OtlpClient.errorSpans("fresh", "after", 5)))
                .as("a fresh client is served").isTrue();
        String metrics = get(http, agent.apiAddress(), "/metrics");
        long overloaded = metricSum(metrics, "otelcol_receiver_refused_requests_total\\{reason=\"overloaded\"[^}]*\\}");
        assertThat(agent.stop()).as(dist.stderr()).isZero();
        assertThat(unexpected).as("answers other than OK or a retryable refusal").isEmpty();
        assertThat(acked).as("some requests got through").isNotEmpty();
        assertThat(dist.stderr()).doesNotContain("OutOfMemoryError");
        return overloaded;
    }

    private void assertEveryAckedSpanStoredOnce(Distribution dist) throws Exception {
        Map<String, long[]> stored = storedTraces(dist.home.resolve("data"));
        for (Map.Entry<String, Integer> e : acked.entrySet()) {
            long[] counts = stored.get(e.getKey());
            assertThat(counts).as("acknowledged trace %s is stored", e.getKey()).isNotNull();
            assertThat(counts[0]).as("spans of acknowledged trace %s", e.getKey()).isEqualTo(e.getValue().longValue());
            assertThat(counts[1]).as("distinct spans of %s", e.getKey()).isEqualTo(e.getValue().longValue());
        }
        stored.forEach((trace, counts) -> {
            if (!acked.containsKey(trace)) {
                assertThat(unknown).as("trace %s stored though refused", trace).contains(trace);
            }
            assertThat(counts[0]).as("trace %s stored once", trace).isEqualTo(counts[1]);
        });
    }

    private static final MethodDescriptor<byte[], byte[]> RAW_EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(new RawBytes()).setResponseMarshaller(new RawBytes()).build();

    private void grpcSender(int port, int sender, SoakTraffic.Encoded traffic, long deadline) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(1 << 20).build();
        try {
            for (long seq = 0; System.nanoTime() < deadline; seq++) {
                ByteString trace = SoakTraffic.traceId(sender, seq);
                byte[] body = traffic.withTraceId(trace);
                grpcExport(trace, GRPC_SPANS, () -> ClientCalls.blockingUnaryCall(channel, RAW_EXPORT,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body));
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** Hands a message over as its bytes: the senders encode once and patch. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void grpcExport(ByteString trace, int spans, Runnable export) {
        String id = SoakTraffic.hex(trace);
        try {
            export.run();
            acked.put(id, spans);
            count("grpc ok");
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            count("grpc " + code);
            switch (code) {
                case RESOURCE_EXHAUSTED -> {
                    com.google.rpc.Status details = StatusProto.fromThrowable(e);
                    if (details == null || details.getDetailsList().stream().noneMatch(a -> a.is(RetryInfo.class))) {
                        unexpected.add("RESOURCE_EXHAUSTED without RetryInfo: " + e.getStatus());
                    }
                    pause(100);
                }
                case UNAVAILABLE -> pause(100);
                case DEADLINE_EXCEEDED, CANCELLED -> unknown.add(id);
                default -> unexpected.add(code + ": " + e.getStatus().getDescription());
            }
        }
    }

    private void httpSender(HttpClient http, int port, int sender, SoakTraffic.Encoded traffic, long deadline) {
        for (long seq = 0; System.nanoTime() < deadline; seq++) {
            ByteString trace = SoakTraffic.traceId(sender, seq);
            httpExport(http, port, trace, traffic.withTraceId(trace), HTTP_SPANS);
        }
    }

    private void httpExport(HttpClient http, int port, ByteString trace, byte[] body, int spans) {
        String id = SoakTraffic.hex(trace);
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            count("http " + r.statusCode());
            switch (r.statusCode()) {
                case 200 -> acked.put(id, spans);
                case 429, 503 -> {
                    if (r.headers().firstValue("Retry-After").isEmpty()) {
                        unexpected.add(r.statusCode() + " without Retry-After");
                    }
                    pause(100);
                }
                default -> unexpected.add("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            unknown.add(id); // the connection broke: the outcome is not known
            count("http io error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connections that declare 20 MB and send a byte a second, held open for as long as the agent lets them. */
    private void slowBodies(int port, long deadline) {
        List<Socket> open = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                open.removeIf(Socket::isClosed);
                while (open.size() < SLOW_BODIES) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    s.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: soak\r\nContent-Type: application/x-protobuf\r\n"
                            + "Content-Length: 20000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    open.add(s);
                    count("slow connections");
                }
                for (Socket s : open) {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write('\n');
                        out.flush();
                    } catch (IOException closedByAgent) {
                        s.close();
                        count("slow connections ended by the agent");
                    }
                }
                pause(1000);
            }
        } catch (IOException e) {
            unexpected.add("slow client could not connect: " + e);
        } finally {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    /** Multi-megabyte attribute values, under the request limits: 3.9 MB over gRPC, 10 MB over HTTP. */
    private void poison(HttpClient http, RunningAgent agent, long deadline) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.otlpGrpc).usePlaintext().build();
        try {
            var stub = TraceServiceGrpc.newBlockingStub(channel);
            for (long seq = 0; System.nanoTime() < deadline && seq < 40; seq++) {
                ByteString trace = SoakTraffic.traceId(900, seq);
                if (seq % 4 == 3) {
                    httpExport(http, agent.otlpHttp, trace, SoakTraffic.poison(trace, 10_000_000).toByteArray(), 1);
                } else {
                    ExportTraceServiceRequest request = SoakTraffic.poison(trace, 3_900_000);
                    grpcExport(trace, 1, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(request));
                }
                pause(500);
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** trace id -> {rows, distinct span ids}, read from the stopped agent's file. */
    private static Map<String, long[]> storedTraces(Path dataDir) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        Map<String, long[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("metrics.duckdb"), readOnly);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT trace_id, count(*), count(DISTINCT span_id) FROM otel_spans_local"
                        + " WHERE service_name NOT IN ('fresh', 'well-behaved') GROUP BY trace_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }

    static String get(HttpClient http, String address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of every series of a metric (counter or gauge) that matches {@code series}. */
    static long metricSum(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        long sum = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
