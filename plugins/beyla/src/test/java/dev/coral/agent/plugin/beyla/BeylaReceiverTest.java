package dev.coral.agent.plugin.beyla;

import static dev.coral.agent.plugin.beyla.receive.BeylaExports.DURATION_BUCKETS_S;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.SECOND;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.counts;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.histogram;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.httpAttributes;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.metrics;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.point;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.resource;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.span;
import static dev.coral.agent.plugin.beyla.receive.BeylaExports.traces;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.plugin.beyla.config.BeylaConfig;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import dev.coral.agent.support.testing.CapturingConsumer;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver on real loopback sockets: answers only once the ebpf pipeline has the rows, refusals retryable. */
class BeylaReceiverTest {
    private final TestComponentContext context = TestComponentContext.builder(ComponentKind.RECEIVER, "beyla").build();
    private final CapturingConsumer<EbpfBatch> ebpf = new CapturingConsumer<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private BeylaReceiver receiver;
    private ManagedChannel channel;
    /** When Beyla "started": after the receiver, so its cumulative series are new to it. */
    private long beylaStart;

    @BeforeEach
    void start() throws Exception {
        var factory = new BeylaFactory().factory();
        BeylaConfig config = TestConfigs.read(factory, """
                grpc.endpoint = "127.0.0.1:0"
                http.endpoint = "127.0.0.1:0"
                retry-after = 2s
                """);
        receiver = (BeylaReceiver) factory.create(context, config, new Outputs(Map.of(Signal.EBPF, ebpf)));
        receiver.start(new Host() {
            @Override
            public <Q> List<Q> capabilities(Class<Q> type) {
                return List.of();
            }
        });
        channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        Instant now = Instant.now();
        beylaStart = now.getEpochSecond() * SECOND + now.getNano();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        receiver.shutdown(Deadline.after(Duration.ofSeconds(10)));
        ebpf.close();
    }

    private ExportMetricsServiceRequest cumulative(long seconds, long[] counts) {
        return metrics(resource("checkout"), histogram("http.server.request.duration", "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE, point(beylaStart, beylaStart + seconds * SECOND, DURATION_BUCKETS_S,
                        counts, 0, httpAttributes("GET", "/orders/{id}", 200))));
    }

    private CompletableFuture<HttpResponse<byte[]>> post(String path, byte[] body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + path))
                .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void exportOverGrpc(ExportMetricsServiceRequest request) {
        MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.metrics.v1.MetricsService/Export")
                .setRequestMarshaller(new RawBytesMarshaller()).setResponseMarshaller(new RawBytesMarshaller()).build();
        ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request.toByteArray());
    }

    private List<HttpRed> httpRows() {
        return ebpf.batches().stream().flatMap(b -> b.http().stream()).toList();
    }

    @Test
    void listensOnLoopbackAndSaysWhere() {
        assertThat(receiver.grpcPort()).isPositive();
        assertThat(receiver.httpPort()).isPositive().isNotEqualTo(receiver.grpcPort());
        assertThat(context.reports()).anySatisfy(r -> {
            assertThat(r.health()).isEqualTo(Health.OK);
            assertThat(r.message()).contains("OTLP/gRPC on 127.0.0.1:" + receiver.grpcPort())
                    .contains("OTLP/HTTP on 127.0.0.1:" + receiver.httpPort());
        });
    }

    @Test
    void httpRefusalIsRetryableAndTheRetryCarriesTheSameCounts() throws Exception {
        ebpf.refuseWith(RefusedException.overloaded("store is full", Duration.ofSeconds(2)));
        HttpResponse<byte[]> refused = post("/v1/metrics", cumulative(5, counts(1, 3, 7, 1)).toByteArray()).get(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");

        ebpf.refuseWith(null);
        assertThat(post("/v1/metrics", cumulative(5, counts(1, 3, 7, 1)).toByteArray()).get(10, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(200);
        assertThat(httpRows()).singleElement().satisfies(row -> {
            assertThat(row.requestCount()).as("the whole first point: the refused one was taken back").isEqualTo(4);
            assertThat(row.latency().counts()).containsExactly(counts(1, 3, 7, 1));
        });

        assertThat(post("/v1/metrics", cumulative(10, counts(1, 5, 7, 1)).toByteArray()).get(10, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(200);
        assertThat(httpRows()).last().satisfies(row -> assertThat(row.latency().counts()).containsExactly(counts(1, 2)));
        assertThat(context.telemetry().value("otelcol_receiver_accepted_metric_points", Map.of("transport", "http")))
                .isEqualTo(2);
        assertThat(context.telemetry().value("otelcol_receiver_refused_metric_points", Map.of("transport", "http")))
                .isEqualTo(1);
        assertThat(context.telemetry().value("coral_beyla_rows", Map.of("type", "http"))).isEqualTo(2);
    }

    @Test
    void grpcRefusalsKeepTheirRetryableCodes() {
        ebpf.refuseWith(RefusedException.overloaded("store is full", Duration.ofSeconds(2)));
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> exportOverGrpc(cumulative(5, counts(1, 1))))
                .getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        ebpf.refuseWith(RefusedException.unavailable("store is closing"));
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> exportOverGrpc(cumulative(5, counts(1, 1))))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        ebpf.refuseWith(null);
        exportOverGrpc(cumulative(5, counts(1, 1)));
        assertThat(httpRows()).singleElement().satisfies(row -> assertThat(row.requestCount()).isEqualTo(1));
    }

    @Test
    void theClientIsAnsweredOnlyOnceTheRowsAreDurable() throws Exception {
        ebpf.hold(true);
        CompletableFuture<HttpResponse<byte[]>> answer = post("/v1/metrics", cumulative(5, counts(2, 1)).toByteArray());
        await().atMost(Duration.ofSeconds(5)).until(() -> ebpf.heldCount() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());
        ebpf.releaseHeld();
        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void spansOverHttp() throws Exception {
        byte[] body = traces(resource("checkout", dev.coral.agent.plugin.beyla.receive.BeylaExports.attr("process.pid", 31)),
                span("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "", "GET /orders/{id}",
                        SpanKind.SPAN_KIND_SERVER, beylaStart, beylaStart + 2_000_000, StatusCode.STATUS_CODE_UNSET))
                .toByteArray();
        assertThat(post("/v1/traces", body).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        var spans = ebpf.batches().stream().flatMap(b -> b.spans().stream()).toList();
        assertThat(spans).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("GET /orders/{id}");
            assertThat(s.durationMicros()).isEqualTo(2000);
            assertThat(s.processPid()).isEqualTo(31);
        });
        assertThat(context.telemetry().value("coral_beyla_rows", Map.of("type", "span"))).isEqualTo(1);
    }

    @Test
    void otherSignalsAreNotServed() throws Exception {
        assertThat(post("/v1/logs", new byte[0]).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    }
}
