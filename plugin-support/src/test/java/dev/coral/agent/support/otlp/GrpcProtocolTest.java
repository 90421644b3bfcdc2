package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.id;
import static dev.coral.agent.support.testing.Requests.span;
import static dev.coral.agent.support.testing.Requests.traces;
import static dev.coral.agent.support.testing.Requests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.rpc.RetryInfo;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.Signal;
import dev.coral.agent.support.testing.ServerFixture;
import dev.coral.agent.support.testing.Requests;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC through a grpc-java client: answers, codes and retry info. */
class GrpcProtocolTest {
    private static ServerFixture fx;
    private static ManagedChannel channel;
    private static TraceServiceGrpc.TraceServiceBlockingStub traceStub;

    @BeforeAll
    static void start() throws Exception {
        fx = ServerFixture.start("grpc.max-recv-msg-size = 256KiB\nretry-after = 2s");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
        traceStub = TraceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.resetTraces();
    }

    private static TraceServiceGrpc.TraceServiceBlockingStub stub() {
        return traceStub.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void exportIsAnsweredOnceDurable() {
        ExportTraceServiceRequest request = traces("grpc-svc", 5);
        ExportTraceServiceResponse response = stub().export(request);
        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(fx.traces.batches()).containsExactly(request);
        assertThat(fx.counter("otelcol_receiver_accepted_spans", "grpc")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void gzipIsAccepted() {
        ExportTraceServiceRequest request = traces("gzip", 20);
        stub().withCompression("gzip").export(request);
        assertThat(fx.traces.batches()).containsExactly(request);
    }

    @Test
    void invalidSpansGetPartialSuccess() {
        ExportTraceServiceRequest request = traces("partial", validSpan("ok", 1),
                span("bad", id("000102030405060708090a0b0c0d0e0f"), id("0102")));
        ExportTraceServiceResponse response = stub().export(request);
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("span_id is 2 bytes, expected 8");
        assertThat(fx.traces.batches().getFirst().getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(1);
        assertThat(fx.counter("otelcol_receiver_refused_spans", "grpc")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void fullBudgetIsResourceExhaustedWithRetryInfo() {
        fx.context.inflight().setLimit(10);
        StatusRuntimeException e;
        // Another request holds the whole bound (a request alone in flight is always admitted).
        try (var others = fx.context.inflight().reserve(10)) {
            e = catchThrowableOfType(StatusRuntimeException.class, () -> stub().export(traces("busy", 3)));
        }
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertThat(details).isNotNull();
        assertThat(details.getDetailsList()).anySatisfy(any -> {
            assertThat(any.is(RetryInfo.class)).isTrue();
            assertThat(any.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(2);
        });
        assertThat(fx.traces.batches()).isEmpty();
    }

    @Test
    void pipelineRefusalsMapToStatusCodes() {
        fx.traces.refuseWith(RefusedException.unavailable("store restarting"));
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> stub().export(traces("x", 1)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).isEqualTo("store restarting");
        assertThat(StatusProto.fromThrowable(e).getDetailsList()).anyMatch(a -> a.is(RetryInfo.class));

        fx.traces.refuseWith(new RefusedException(RefusedException.Reason.INVALID, "schema"));
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> stub().export(traces("x", 1)))
                .getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        fx.traces.refuseWith(RefusedException.failed("disk", null));
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> stub().export(traces("x", 1)))
                .getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        // Each reservation is returned once its answer is written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.context.inflight().inUse() == 0);
    }

    @Test
    void undecodableMessageIsInvalidArgument() {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
                .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] {(byte) 0xff, 0x7f}));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("undecodable traces request");
    }

    @Test
    void oversizeMessageIsRefusedByGrpcAndCountedTooLarge() {
        long before = tooLarge();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().export(traces("big", 4000)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(fx.traces.batches()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tooLarge()).isEqualTo(before + 1));
    }

    @Test
    void gzipBombIsResourceExhaustedAndCountedTooLarge() {
        long before = tooLarge();
        // 64 MiB of one letter: about 64 KiB gzipped, 256 times max-recv-msg-size once inflated.
        ExportTraceServiceRequest bomb = traces("bomb", Requests.validSpan("bomb", 1).toBuilder()
                .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("payload")
                        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("a".repeat(64 << 20))))
                .build());
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().withCompression("gzip").export(bomb));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(fx.traces.batches()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tooLarge()).isEqualTo(before + 1));
        assertThat(stub().export(traces("after-bomb", 1))).as("the connection still serves").isNotNull();
    }

    private static long tooLarge() {
        return fx.context.telemetry().value("otelcol_receiver_refused_requests",
                java.util.Map.of("transport", "grpc", "reason", "too_large"));
    }

    @Test
    void answerWaitsForDurability() throws Exception {
        fx.traces.hold(true);
        ListenableFuture<ExportTraceServiceResponse> pending = TraceServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).export(traces("slow", 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.traces.heldCount() == 1);
        assertThat(pending.isDone()).isFalse();
        fx.traces.releaseHeld();
        assertThat(pending.get(5, TimeUnit.SECONDS).hasPartialSuccess()).isFalse();
    }

    @Test
    void logsAreAcceptedWithBadTraceContextDropped() {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(1).setSeverityNumberValue(9))
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(2).setTraceId(id("0102")))))
                .build();
        var response = LogsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(fx.logs.batches().getLast().getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).isEqualTo(1);
        assertThat(fx.counter("otelcol_receiver_accepted_log_records", "grpc")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void largeMessagesAreDecodedOffTheEventLoop() throws Exception {
        try (ServerFixture big = ServerFixture.start()) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", big.grpcPort()).usePlaintext().build();
            try {
                ExportTraceServiceRequest request = traces("big", 6000);
                assertThat(request.getSerializedSize()).isGreaterThan(GrpcExportMethod.INLINE_LIMIT);
                TraceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
                assertThat(big.traces.batches()).containsExactly(request);
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void signalsNoPipelineTakesAreUnimplemented() throws Exception {
        try (ServerFixture tracesOnly = ServerFixture.start("", List.of(Signal.TRACES), 64L << 20)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", tracesOnly.grpcPort()).usePlaintext().build();
            try {
                StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> LogsServiceGrpc
                        .newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .export(ExportLogsServiceRequest.getDefaultInstance()));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends and receives bytes as they are. */
    static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
