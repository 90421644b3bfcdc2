package dev.coral.agent.server.testing;

import com.google.protobuf.ByteString;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.testing.Journal;
import dev.coral.agent.runtime.testing.QueryStoreFactory;
import dev.coral.agent.runtime.testing.QueryStoreFactory.QueryStore;
import dev.coral.agent.runtime.testing.TestAgents;
import dev.coral.agent.runtime.testing.TestSourceFactory;
import dev.coral.agent.runtime.testing.TestSourceFactory.Source;
import dev.coral.agent.server.AgentApi;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent started in-process for API tests: a test receiver feeding an in-memory query store
 * through a real pipeline, its API on a free loopback port, and clients for it.
 */
public final class ApiAgent implements AutoCloseable {
    public final AgentRuntime runtime;
    public final Source source;
    public final QueryStore store;
    public final int port;
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Counter accepted;
    private final Counter refused;
    private final AtomicLong spanIds = new AtomicLong();
    private ManagedChannel channel;

    private ApiAgent(AgentRuntime runtime, Source source, QueryStore store) {
        this.runtime = runtime;
        this.source = source;
        this.store = store;
        this.port = runtime.frontend(AgentApi.class).orElseThrow().addresses().getFirst().getPort();
        // The counters an OTLP receiver keeps, under the Collector's names.
        this.accepted = source.context().telemetry().counter("otelcol_receiver_accepted_spans", "Spans accepted");
        this.refused = source.context().telemetry().counter("otelcol_receiver_refused_spans", "Spans refused");
    }

    public static ApiAgent start(Path dir) throws Exception {
        Journal journal = new Journal();
        TestSourceFactory sources = new TestSourceFactory(journal);
        QueryStoreFactory stores = new QueryStoreFactory();
        Path conf = dir.resolve("pipelines.conf");
        Files.writeString(conf, TestAgents.FREE_API_PORT + """
                receivers { test-source {} }
                stores { query-memory {} }
                pipelines { traces { receivers = [test-source], stores = [query-memory] } }
                """);
        AgentRuntime runtime = AgentRuntime.builder().home(dir).configFile(conf).loadPlugins(false)
                .factory(sources).factory(stores).frontend(AgentApi::start).build();
        runtime.start();
        return new ApiAgent(runtime, sources.created().getFirst(), stores.created().getFirst());
    }

    /** Sends {@code n} spans of {@code service} through the pipeline, stamped now; counts them as a receiver does. */
    public void send(String service, int n) throws Exception {
        send(service, n, System.currentTimeMillis(), false);
    }

    public void send(String service, int n, long startMs, boolean errors) throws Exception {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < n; i++) {
            long id = spanIds.incrementAndGet();
            byte[] trace = new byte[16];
            trace[15] = (byte) (id % 4);
            trace[0] = 0x0a;
            byte[] span = java.nio.ByteBuffer.allocate(8).putLong(id).array();
            long start = (startMs + i) * 1_000_000L;
            scope.addSpans(Span.newBuilder().setName("op-" + id).setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 12_500_000L)
                    .setStatus(Status.newBuilder().setCode(errors ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_OK))
                    .addAttributes(attr("http.request.method", "GET"))
                    .addAttributes(attr("http.route", "/items/{id}"))
                    .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                            .setValue(AnyValue.newBuilder().setIntValue(errors ? 500 : 200))));
        }
        ExportTraceServiceRequest batch = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(scope)).build();
        try {
            source.outputs().get(Signal.TRACES).orElseThrow().consume(batch).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            accepted.add(n);
        } catch (java.util.concurrent.ExecutionException e) {
            refused.add(n);
            throw RefusedException.of(e.getCause());
        }
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** A real gRPC client (HTTP/2 cleartext), created on first use. */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        return channel;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> head(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> postBytes(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Map<String, Long> counters() {
        return runtime.metrics().counterTotals();
    }

    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        runtime.close();
    }
}
