package dev.coral.agent.server.services;

import dev.coral.agent.api.profile.CpuProfileRequest;
import dev.coral.agent.api.profile.CpuProfiling;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.v1.AgentDebugServiceGrpc;
import dev.coral.agent.server.v1.ProfileCPUAgentRequest;
import dev.coral.agent.server.v1.ProfileCPUAgentResponse;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesRequest;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The colony's {@code coral.agent.v1.AgentDebugService}: continuous CPU profile samples pulled by
 * seq_id (empty until the cpu-profiler plugin stores some), and on-demand profiling by the running
 * profiler's {@link CpuProfiling} capability. A request out of bounds is INVALID_ARGUMENT; a
 * profile that cannot be taken (no profiler, no such process, sampling refused) is answered
 * with {@code success = false} and the reason, as the contract's error field intends.
 */
public final class AgentDebugServiceImpl extends AgentDebugServiceGrpc.AgentDebugServiceImplBase {
    static final int DURATION_DEFAULT = 30;
    static final int DURATION_MAX = 300;
    static final int FREQUENCY_DEFAULT = 99;
    static final int FREQUENCY_MAX = 1000;

    private final ApiData data;

    public AgentDebugServiceImpl(ApiData data) {
        this.data = data;
    }

    @Override
    public void profileCPU(ProfileCPUAgentRequest request, StreamObserver<ProfileCPUAgentResponse> out) {
        int seconds = Limits.bounded("duration_seconds", request.getDurationSeconds(), DURATION_DEFAULT, DURATION_MAX);
        int hz = Limits.bounded("frequency_hz", request.getFrequencyHz(), FREQUENCY_DEFAULT, FREQUENCY_MAX);
        if (request.getPid() < 0) {
            throw Status.INVALID_ARGUMENT.withDescription("pid must not be negative, got " + request.getPid())
                    .asRuntimeException();
        }
        if (request.getPid() == 0 && request.getServiceName().isBlank()) {
            throw Status.INVALID_ARGUMENT.withDescription("name the target: pid or service_name").asRuntimeException();
        }
        Optional<CpuProfiling> profiler = data.cpuProfiling();
        if (profiler.isEmpty()) {
            out.onNext(failed("on-demand CPU profiling is not available on this agent: no cpu-profiler component runs; "
                    + "continuous samples are served by QueryCPUProfileSamples"));
            out.onCompleted();
            return;
        }
        CpuProfileRequest wanted = new CpuProfileRequest(request.getPid(), request.getServiceName(),
                Duration.ofSeconds(seconds), hz);
        ProfileCPUAgentResponse answer;
        try {
            answer = Rows.profile(profiler.get().profile(wanted));
        } catch (IllegalArgumentException | IllegalStateException e) {
            answer = failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while profiling").asRuntimeException();
        }
        out.onNext(answer);
        out.onCompleted();
    }

    private static ProfileCPUAgentResponse failed(String why) {
        return ProfileCPUAgentResponse.newBuilder().setSuccess(false).setError(why).build();
    }

    /** {@code pod_name} is ignored: this agent has no pod metadata for its samples. */
    @Override
    public void queryCPUProfileSamples(QueryCPUProfileSamplesRequest request,
            StreamObserver<QueryCPUProfileSamplesResponse> out) {
        int max = Limits.bounded("max_records", request.getMaxRecords(), Limits.PROFILE_RECORDS_DEFAULT,
                Limits.MAX_RECORDS_MAX);
        Page<ProfileSampleRow> page = data.profiles().filter(q -> !Limits.afterEveryRow(request.getStartSeqId()))
                .map(q -> q.samplesSince(request.getStartSeqId(), request.getServiceName(), max))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId()));
        QueryCPUProfileSamplesResponse.Builder b = QueryCPUProfileSamplesResponse.newBuilder();
        page.rows().forEach(r -> b.addSamples(Rows.profileSample(r)));
        // total_samples counts rows returned, as total_spans and total_metrics do.
        out.onNext(b.setTotalSamples(page.rows().size()).setMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId()).build());
        out.onCompleted();
    }
}
