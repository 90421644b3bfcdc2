package dev.coral.agent.server.services;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.EbpfRow;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.v1.AgentServiceGrpc;
import dev.coral.agent.server.v1.EbpfMetricType;
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
 * data no running store keeps answers empty, with the session id, so a poller simply finds
 * nothing new.
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

    /**
     * The beyla tables, each polled after its own start seq id: up to {@code max_records} rows of
     * each metric type asked for (none = all), and spans when {@code include_traces} is set or a
     * {@code trace_id} is given (then only that trace's), up to {@code max_traces} spans. A type
     * not asked for answers no rows and a max seq id of 0, as an empty page does.
     */
    @Override
    public void queryEbpfMetrics(QueryEbpfMetricsRequest request, StreamObserver<QueryEbpfMetricsResponse> out) {
        int max = Limits.maxRecords(request.getMaxRecords());
        int maxTraces = Limits.bounded("max_traces", request.getMaxTraces(), Limits.MAX_TRACES_DEFAULT,
                Limits.MAX_TRACES_MAX);
        Set<EbpfMetricType> types = EbpfMessages.types(request.getMetricTypesValueList());
        String trace = Limits.traceId(request.getTraceId());
        Set<String> services = set(request.getServiceNamesList());
        QueryEbpfMetricsResponse.Builder b = QueryEbpfMetricsResponse.newBuilder().setSessionId(data.sessionId());
        data.ebpf().ifPresent(q -> {
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_HTTP)) {
                Page<EbpfRow<HttpRed>> page = q.httpSince(request.getHttpStartSeqId(), services, max);
                page.rows().forEach(r -> b.addHttpMetrics(EbpfMessages.http(r)));
                b.setHttpMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId());
            }
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_GRPC)) {
                Page<EbpfRow<GrpcRed>> page = q.grpcSince(request.getGrpcStartSeqId(), services, max);
                page.rows().forEach(r -> b.addGrpcMetrics(EbpfMessages.grpc(r)));
                b.setGrpcMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId());
            }
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_SQL)) {
                Page<EbpfRow<SqlRed>> page = q.sqlSince(request.getSqlStartSeqId(), services, max);
                page.rows().forEach(r -> b.addSqlMetrics(EbpfMessages.sql(r)));
                b.setSqlMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId());
            }
            if (request.getIncludeTraces() || !trace.isEmpty()) {
                long after = request.getTracesStartSeqId();
                Page<EbpfRow<EbpfSpan>> page = trace.isEmpty() ? q.traceSpansSince(after, services, maxTraces)
                        : q.traceSpansSince(trace, after, services, maxTraces);
                page.rows().forEach(r -> b.addTraceSpans(EbpfMessages.span(r)));
                b.setTracesMaxSeqId(page.maxSeqId()).setSessionId(page.sessionId());
            }
        });
        out.onNext(b.setTotalMetrics(b.getHttpMetricsCount() + b.getGrpcMetricsCount() + b.getSqlMetricsCount())
                .setTotalTraces(b.getTraceSpansCount()).build());
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
