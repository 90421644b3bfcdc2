package dev.coral.agent.server.services;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.v1.AgentDebugServiceGrpc;
import dev.coral.agent.server.v1.ProfileCPUAgentRequest;
import dev.coral.agent.server.v1.ProfileCPUAgentResponse;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesRequest;
import dev.coral.agent.server.v1.QueryCPUProfileSamplesResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * The colony's {@code coral.agent.v1.AgentDebugService}: continuous CPU profile samples pulled by
 * seq_id (empty until the cpu-profiler plugin stores some), and on-demand profiling, which
 * needs a profiler this agent does not run yet: the request is checked, then answered with
 * {@code success = false} and the reason, as the contract's error field intends.
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
        Limits.bounded("duration_seconds", request.getDurationSeconds(), DURATION_DEFAULT, DURATION_MAX);
        Limits.bounded("frequency_hz", request.getFrequencyHz(), FREQUENCY_DEFAULT, FREQUENCY_MAX);
        out.onNext(ProfileCPUAgentResponse.newBuilder().setSuccess(false)
                .setError("on-demand CPU profiling is not available on this agent: no cpu-profiler component runs; "
                        + "continuous samples are served by QueryCPUProfileSamples")
                .build());
        out.onCompleted();
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
