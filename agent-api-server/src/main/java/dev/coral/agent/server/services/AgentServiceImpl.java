package dev.coral.agent.server.services;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.GetRuntimeContextRequest;
import dev.coral.agent.server.v1.ListServicesRequest;
import dev.coral.agent.server.v1.ListServicesResponse;
import dev.coral.agent.server.v1.PlatformInfo;
import dev.coral.agent.server.v1.QueryEbpfMetricsRequest;
import dev.coral.agent.server.v1.QueryEbpfMetricsResponse;
import dev.coral.agent.server.v1.QuerySystemMetricsRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsResponse;
import dev.coral.agent.server.v1.QueryTelemetryRequest;
import dev.coral.agent.server.v1.QueryTelemetryResponse;
import dev.coral.agent.server.v1.RuntimeContextResponse;
import dev.coral.agent.server.v1.ServiceStatus;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The colony's {@code coral.agent.v1.AgentService}: the agent's identity, and incremental
 * pulls of the local tables by seq_id. Data comes from the stores' query capabilities;
 * tables no started plugin fills (eBPF metrics until the beyla receiver exists) answer empty,
 * with the session id, so a poller simply finds nothing new.
 */
public final class AgentServiceImpl extends AgentServiceGrpc.AgentServiceImplBase {
    /** How far back ListServices looks. */
    static final Duration SERVICES_WINDOW = Duration.ofHours(1);

    private final AgentInfo agent;
    private final PlatformInfo platform;
    private final ApiData data;
    private final Clock clock;

    public AgentServiceImpl(AgentInfo agent, PlatformInfo platform, ApiData data, Clock clock) {
        this.agent = agent;
        this.platform = platform;
        this.data = data;
        this.clock = clock;
    }

    @Override
    public void getRuntimeContext(GetRuntimeContextRequest request, StreamObserver<RuntimeContextResponse> out) {
        out.onNext(RuntimeContextResponse.newBuilder().setPlatform(platform).setVersion(agent.version())
                .setAgentId(agent.agentId()).build());
        out.onCompleted();
    }

    /** Services that sent spans in the last hour, with the start of each one's latest span. */
    @Override
    public void listServices(ListServicesRequest request, StreamObserver<ListServicesResponse> out) {
        Instant now = clock.instant();
        // Until is a minute ahead: span start times from hosts with a slightly fast clock count too.
        Map<String, Long> lastSeen = data.spans().map(q -> q.servicesBetween(now.minus(SERVICES_WINDOW),
                now.plusSeconds(60))).orElse(Map.of());
        ListServicesResponse.Builder b = ListServicesResponse.newBuilder();
        new TreeMap<>(lastSeen).forEach((name, at) -> b.addServices(ServiceStatus.newBuilder().setName(name)
                .setStatus("healthy").setLastCheck(Rows.timestamp(at))));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void queryTelemetry(QueryTelemetryRequest request, StreamObserver<QueryTelemetryResponse> out) {
        int max = Limits.maxRecords(request.getMaxRecords());
        Page<SpanRow> page = data.spans().filter(q -> !Limits.afterEveryRow(request.getStartSeqId()))
                .map(q -> q.spansSince(request.getStartSeqId(), set(request.getServiceNamesList()), max))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId()));
        QueryTelemetryResponse.Builder b = QueryTelemetryResponse.newBuilder();
        page.rows().forEach(r -> b.addSpans(Rows.span(r)));
        out.onNext(b.setTotalSpans(page.rows().size()).setMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId())
                .build());
        out.onCompleted();
    }

    /** The beyla tables have no query capability in plugin-api yet: validated, then empty. */
    @Override
    public void queryEbpfMetrics(QueryEbpfMetricsRequest request, StreamObserver<QueryEbpfMetricsResponse> out) {
        Limits.maxRecords(request.getMaxRecords());
        Limits.bounded("max_traces", request.getMaxTraces(), Limits.MAX_TRACES_DEFAULT, Limits.MAX_TRACES_MAX);
        out.onNext(QueryEbpfMetricsResponse.newBuilder().setSessionId(data.sessionId()).build());
        out.onCompleted();
    }

    @Override
    public void querySystemMetrics(QuerySystemMetricsRequest request, StreamObserver<QuerySystemMetricsResponse> out) {
        int max = Limits.maxRecords(request.getMaxRecords());
        Page<SystemMetricRow> page = data.systemMetrics().filter(q -> !Limits.afterEveryRow(request.getStartSeqId()))
                .map(q -> q.metricsSince(request.getStartSeqId(), set(request.getMetricNamesList()), max))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId()));
        QuerySystemMetricsResponse.Builder b = QuerySystemMetricsResponse.newBuilder();
        page.rows().forEach(r -> b.addMetrics(Rows.systemMetric(r)));
        out.onNext(b.setTotalMetrics(page.rows().size()).setMaxSeqId(page.maxSeqId())
                .setSessionId(page.sessionId()).build());
        out.onCompleted();
    }

    static Set<String> set(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
