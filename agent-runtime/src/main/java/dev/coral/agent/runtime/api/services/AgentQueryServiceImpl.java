package dev.coral.agent.runtime.api.services;

import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.runtime.api.data.ApiData;
import dev.coral.agent.runtime.api.profile.FlameGraphSvg;
import dev.coral.agent.runtime.api.profile.FoldedStacks;
import dev.coral.agent.runtime.api.profile.Pprof;
import dev.coral.agent.runtime.api.profile.StackCounts;
import dev.coral.agent.runtime.api.v1.AgentQueryServiceGrpc;
import dev.coral.agent.runtime.api.v1.QueryCPUProfileRequest;
import dev.coral.agent.runtime.api.v1.QueryCPUProfileResponse;
import dev.coral.agent.runtime.api.v1.QuerySpansRequest;
import dev.coral.agent.runtime.api.v1.QuerySpansResponse;
import dev.coral.agent.runtime.api.v1.QuerySystemMetricsRangeRequest;
import dev.coral.agent.runtime.api.v1.QuerySystemMetricsRangeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Ours: {@code coral.agent.v1.AgentQueryService}, time-range queries for people and the CLI
 * (spans newest first, metrics oldest first, with a limit), and CPU profiles merged over a
 * range and rendered as folded stacks, pprof or an SVG flame graph.
 */
public final class AgentQueryServiceImpl extends AgentQueryServiceGrpc.AgentQueryServiceImplBase {
    static final int SPANS_DEFAULT = 100;
    static final int METRICS_DEFAULT = 1000;
    /** A profile merges at most this many sample rows (distinct stacks per cycle). */
    static final int PROFILE_ROWS = 200_000;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private final ApiData data;
    private final Clock clock;

    public AgentQueryServiceImpl(ApiData data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    @Override
    public void querySpans(QuerySpansRequest request, StreamObserver<QuerySpansResponse> out) {
        int limit = Limits.bounded("limit", request.getLimit(), SPANS_DEFAULT, Limits.MAX_RECORDS_MAX);
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        String trace = request.getTraceId().toLowerCase(Locale.ROOT);
        if (!trace.isEmpty() && !TRACE_ID.matcher(trace).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("trace_id must be 32 hex characters, got '"
                    + request.getTraceId() + "'").asRuntimeException();
        }
        Set<String> services = AgentServiceImpl.set(request.getServiceNamesList());
        List<SpanRow> rows = data.spans().map(q -> trace.isEmpty()
                ? q.spansBetween(range[0], range[1], services, limit + 1)
                // A whole trace, whatever the time range: it is what --trace asks for.
                : q.trace(trace).stream().filter(r -> services.isEmpty() || services.contains(r.serviceName()))
                        .limit(limit + 1L).toList())
                .orElse(List.of());
        QuerySpansResponse.Builder b = QuerySpansResponse.newBuilder().setSessionId(data.sessionId())
                .setTruncated(rows.size() > limit);
        rows.stream().limit(limit).forEach(r -> b.addSpans(Rows.span(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void querySystemMetricsRange(QuerySystemMetricsRangeRequest request,
            StreamObserver<QuerySystemMetricsRangeResponse> out) {
        int limit = Limits.bounded("limit", request.getLimit(), METRICS_DEFAULT, Limits.MAX_RECORDS_MAX);
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        List<SystemMetricRow> rows = data.systemMetrics()
                .map(q -> q.metricsBetween(range[0], range[1],
                        AgentServiceImpl.set(request.getMetricNamesList()), limit + 1))
                .orElse(List.of());
        QuerySystemMetricsRangeResponse.Builder b = QuerySystemMetricsRangeResponse.newBuilder()
                .setSessionId(data.sessionId()).setTruncated(rows.size() > limit);
        rows.stream().limit(limit).forEach(r -> b.addMetrics(Rows.systemMetric(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void queryCPUProfile(QueryCPUProfileRequest request, StreamObserver<QueryCPUProfileResponse> out) {
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        List<ProfileSampleRow> rows = data.profiles()
                .map(q -> q.samplesBetween(range[0], range[1], request.getServiceName(), PROFILE_ROWS))
                .orElse(List.of());
        StackCounts counts = StackCounts.of(rows);
        QueryCPUProfileResponse.Builder b = QueryCPUProfileResponse.newBuilder().setSessionId(data.sessionId())
                .setTotalSamples(counts.totalSamples()).setDistinctStacks(counts.stacks().size());
        switch (request.getFormat()) {
            case PROFILE_FORMAT_PPROF -> b.setContentType("application/vnd.google.protobuf+gzip")
                    .setData(ByteString.copyFrom(Pprof.render(counts, range[0].toEpochMilli(),
                            Math.min(range[1].toEpochMilli(), clock.millis()))));
            case PROFILE_FORMAT_SVG -> b.setContentType("image/svg+xml").setData(ByteString.copyFrom(
                    FlameGraphSvg.render(counts, "CPU" + (request.getServiceName().isEmpty() ? ""
                            : " of " + request.getServiceName()))));
            case PROFILE_FORMAT_FOLDED -> b.setContentType("text/plain; charset=utf-8")
                    .setData(ByteString.copyFrom(FoldedStacks.render(counts)));
            default -> throw Status.INVALID_ARGUMENT.withDescription("unknown format " + request.getFormatValue())
                    .asRuntimeException();
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /** [since, until) from Unix ms: since 0 = the beginning, until 0 = now; until before since is refused. */
    private Instant[] range(long since, long until) {
        long end = until == 0 ? clock.millis() + 1 : until;
        if (since < 0 || until < 0 || end < since) {
            throw Status.INVALID_ARGUMENT.withDescription("since_ms and until_ms must be Unix milliseconds with since <= "
                    + "until (until 0 = now), got since=" + since + " until=" + until).asRuntimeException();
        }
        return new Instant[] {Instant.ofEpochMilli(since), Instant.ofEpochMilli(end)};
    }
}
