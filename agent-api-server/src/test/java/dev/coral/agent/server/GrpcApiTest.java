package dev.coral.agent.server;

import dev.coral.agent.server.testing.ApiAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.server.v1.AgentDebugServiceGrpc;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.AgentServiceGrpc.AgentServiceBlockingStub;
import dev.coral.agent.server.v1.GetRuntimeContextRequest;
import dev.coral.agent.server.v1.ListServicesRequest;
import dev.coral.agent.server.v1.ProfileCPUAgentRequest;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesRequest;
import dev.coral.agent.server.v1.QueryEbpfMetricsRequest;
import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsRequest;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.v1.RuntimeContextResponse;
import dev.coral.agent.server.v1.ServiceStatus;
import dev.coral.agent.server.v1.TelemetrySpan;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The colony's services through a real gRPC client (generated stubs, HTTP/2 cleartext). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcApiTest {
    ApiAgent agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private AgentServiceBlockingStub stub() {
        return AgentServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void runtimeContextNamesThisAgentAndHost() {
        RuntimeContextResponse context = stub().getRuntimeContext(GetRuntimeContextRequest.getDefaultInstance());
        assertThat(context.getAgentId()).isEqualTo(agent.runtime.services().orElseThrow().agent().agentId());
        assertThat(context.getVersion()).isNotBlank();
        assertThat(context.getPlatform().getOs()).isEqualTo("linux");
        assertThat(context.getPlatform().getArch()).isIn("amd64", "arm64");
        assertThat(context.getPlatform().getKernel()).isEqualTo(System.getProperty("os.version"));
    }

    @Test
    @Order(2)
    void seqIdPollingWalksEverySpanOnceInOrderThenRestartsOnANewSession() throws Exception {
        for (int batch = 0; batch < 5; batch++) {
            agent.send(batch % 2 == 0 ? "checkout" : "payments", 7);
        }
        List<TelemetrySpan> seen = poll(0, 4);
        assertThat(seen).hasSize(35);
        List<Long> seqs = seen.stream().map(TelemetrySpan::getSeqId).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(seqs.getLast() - seqs.getFirst()).isEqualTo(34); // dense: no gap
        assertThat(new HashSet<>(seen.stream().map(TelemetrySpan::getSpanId).toList())).hasSize(35);
        TelemetrySpan first = seen.getFirst();
        assertThat(first.getTraceId()).hasSize(32).matches("[0-9a-f]+");
        assertThat(first.getSpanId()).hasSize(16);
        assertThat(first.getSpanKind()).isEqualTo("SERVER");
        assertThat(first.getDurationMs()).isEqualTo(12.5);
        assertThat(first.getHttpMethod()).isEqualTo("GET");
        assertThat(first.getHttpStatus()).isEqualTo(200);
        assertThat(first.getAttributesMap()).containsEntry("http.route", "/items/{id}");

        // A service filter, and nothing new after the last seq id.
        QueryTelemetryResponse payments = stub().queryTelemetry(QueryTelemetryRequest.newBuilder()
                .addServiceNames("payments").setStartSeqId(0).build());
        assertThat(payments.getSpansList()).hasSize(14).allMatch(s -> s.getServiceName().equals("payments"));
        QueryTelemetryResponse after = stub().queryTelemetry(QueryTelemetryRequest.newBuilder()
                .setStartSeqId(seqs.getLast()).build());
        assertThat(after.getSpansList()).isEmpty();
        assertThat(after.getMaxSeqId()).isZero();
        String session = after.getSessionId();
        assertThat(session).isNotBlank();

        agent.store.recreate();
        agent.send("checkout", 3);
        QueryTelemetryResponse fresh = stub().queryTelemetry(QueryTelemetryRequest.newBuilder()
                .setStartSeqId(seqs.getLast()).build());
        assertThat(fresh.getSessionId()).isNotEqualTo(session);
        // The poller sees the new session and restarts from 0.
        List<TelemetrySpan> restarted = poll(0, 100);
        assertThat(restarted).extracting(TelemetrySpan::getSeqId).containsExactly(1L, 2L, 3L);
    }

    private List<TelemetrySpan> poll(long from, int pageSize) {
        List<TelemetrySpan> out = new ArrayList<>();
        long cursor = from;
        for (int round = 0; round < 100; round++) {
            QueryTelemetryResponse page = stub().queryTelemetry(QueryTelemetryRequest.newBuilder()
                    .setStartSeqId(cursor).setMaxRecords(pageSize).build());
            assertThat(page.getTotalSpans()).isEqualTo(page.getSpansCount());
            if (page.getSpansCount() == 0) {
                return out;
            }
            assertThat(page.getSpansCount()).isLessThanOrEqualTo(pageSize);
            assertThat(page.getMaxSeqId()).isEqualTo(page.getSpans(page.getSpansCount() - 1).getSeqId());
            out.addAll(page.getSpansList());
            cursor = page.getMaxSeqId();
        }
        throw new AssertionError("polling did not end");
    }

    @Test
    @Order(3)
    void listServicesNamesWhoSentSpans() throws Exception {
        agent.send("inventory", 1);
        List<String> names = stub().listServices(ListServicesRequest.getDefaultInstance()).getServicesList().stream()
                .map(ServiceStatus::getName).toList();
        assertThat(names).contains("inventory", "checkout");
    }

    @Test
    void tablesOfPluginsNotRunningAnswerEmptyWithTheSession() {
        var ebpf = stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder().setIncludeTraces(true).build());
        assertThat(ebpf.getHttpMetricsList()).isEmpty();
        assertThat(ebpf.getSessionId()).isEqualTo(agent.store.sessionId());
        var system = stub().querySystemMetrics(QuerySystemMetricsRequest.getDefaultInstance());
        assertThat(system.getMetricsList()).isEmpty();
        assertThat(system.getMaxSeqId()).isZero();
        var debug = AgentDebugServiceGrpc.newBlockingStub(agent.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
        var samples = debug.queryCPUProfileSamples(QueryCPUProfileSamplesRequest.getDefaultInstance());
        assertThat(samples.getSamplesList()).isEmpty();
        var profile = debug.profileCPU(ProfileCPUAgentRequest.newBuilder().setPid(1).setDurationSeconds(5).build());
        assertThat(profile.getSuccess()).isFalse();
        assertThat(profile.getError()).contains("not available");
    }

    @Test
    void outOfRangeLimitsAreInvalidArgumentNamingTheField() {
        assertThatThrownBy(() -> stub().queryTelemetry(QueryTelemetryRequest.newBuilder().setMaxRecords(50_001).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("max_records").contains("50000");
                });
        assertThatThrownBy(() -> stub().queryTelemetry(QueryTelemetryRequest.newBuilder().setMaxRecords(-1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub().queryEbpfMetrics(QueryEbpfMetricsRequest.newBuilder().setMaxTraces(1001).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("max_traces"));
        var debug = AgentDebugServiceGrpc.newBlockingStub(agent.channel());
        assertThatThrownBy(() -> debug.profileCPU(ProfileCPUAgentRequest.newBuilder().setFrequencyHz(5000).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("frequency_hz"));
        assertThatThrownBy(() -> debug.profileCPU(ProfileCPUAgentRequest.newBuilder().setDurationSeconds(5).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("pid or service_name"));
        var query = AgentQueryServiceGrpc.newBlockingStub(agent.channel());
        assertThatThrownBy(() -> query.querySpans(QuerySpansRequest.newBuilder().setTraceId("xyz").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("trace_id"));
        // The server is unharmed.
        assertThat(stub().getRuntimeContext(GetRuntimeContextRequest.getDefaultInstance()).getAgentId()).isNotBlank();
    }

    @Test
    void shellAndUnknownMethodsAreUnimplemented() {
        for (String method : List.of("coral.agent.v1.AgentService/ShellExec", "coral.agent.v1.AgentService/Shell",
                "coral.agent.v1.AgentService/ContainerExec", "coral.agent.v1.Nope/Nothing")) {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(agent.channel(), raw(method),
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getStatus().getDescription()).contains(method);
                    });
        }
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(agent.channel(),
                raw("coral.agent.v1.AgentService/ShellExec"), CallOptions.DEFAULT, new byte[0]))
                .hasMessageContaining("no remote shell");
    }

    @Test
    void malformedRequestBytesAreRefusedAndTheServerCarriesOn() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(agent.channel(),
                raw("coral.agent.v1.AgentService/QueryTelemetry"),
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), garbage))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.INTERNAL, Status.Code.INVALID_ARGUMENT));
        assertThat(stub().getRuntimeContext(GetRuntimeContextRequest.getDefaultInstance()).getAgentId()).isNotBlank();
    }

    private static MethodDescriptor<byte[], byte[]> raw(String fullName) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
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
        };
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    }

    @Test
    void serviceSetsAreCaseSensitiveAndEmptyNamesIgnored() {
        QueryTelemetryResponse none = stub().queryTelemetry(QueryTelemetryRequest.newBuilder()
                .addServiceNames("CHECKOUT").build());
        assertThat(none.getSpansList()).isEmpty();
        Set<String> all = new HashSet<>();
        stub().queryTelemetry(QueryTelemetryRequest.newBuilder().addServiceNames("").build()).getSpansList()
                .forEach(s -> all.add(s.getServiceName()));
        assertThat(all).isNotEmpty();
    }
}
