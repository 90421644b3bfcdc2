package dev.coral.agent.support.otlp;

import static dev.coral.agent.support.testing.Requests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.coral.agent.api.Signal;

import dev.coral.agent.support.testing.ServerFixture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Senders of huge batches that fill the in-flight budget do not lock out an application
 * exporting small batches: the last eighth of the budget is kept for small requests.
 */
class SmallSendersTest {
    @Test
    void aSmallExportIsServedWhileHugeOnesFillTheBudget() throws Exception {
        ExportTraceServiceRequest huge = traces("huge", 3000);
        long cost = HeapCost.ofProtobuf(huge.getSerializedSize());
        // Without a reserve six huge requests would fill the budget to the last few bytes.
        try (ServerFixture fx = ServerFixture.start("grpc.max-recv-msg-size = 8MiB", List.of(Signal.TRACES),
                6 * cost + 1000)) {
            ManagedChannel bulk = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
            ManagedChannel app = NettyChannelBuilder.forAddress("127.0.0.1", fx.grpcPort()).usePlaintext().build();
            try {
                fx.traces.hold(true);
                List<ListenableFuture<ExportTraceServiceResponse>> held = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    held.add(TraceServiceGrpc.newFutureStub(bulk).withDeadlineAfter(30, TimeUnit.SECONDS).export(huge));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.traces.heldCount() == 5);
                StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                        TraceServiceGrpc.newBlockingStub(bulk).withDeadlineAfter(10, TimeUnit.SECONDS).export(huge));
                assertThat(refused.getStatus().getCode()).as("a sixth huge request").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

                ListenableFuture<ExportTraceServiceResponse> small = TraceServiceGrpc.newFutureStub(app)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).export(traces("app", 20));
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.traces.heldCount() == 6);
                fx.traces.hold(false);
                fx.traces.releaseHeld();
                assertThat(small.get(10, TimeUnit.SECONDS)).as("the small export, admitted beside the huge ones").isNotNull();
                for (var h : held) {
                    h.get(10, TimeUnit.SECONDS);
                }
            } finally {
                fx.traces.hold(false);
                fx.traces.releaseHeld();
                bulk.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                app.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
