package dev.coral.agent.server.services;

import dev.coral.agent.api.query.EbpfQueries;
import dev.coral.agent.api.query.EbpfTotal;
import dev.coral.agent.api.query.LogFilter;
import dev.coral.agent.api.query.LogRow;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.MetricPointType;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileSampleRow;
import dev.coral.agent.api.query.SpanRow;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.profile.FlameGraphSvg;
import dev.coral.agent.server.profile.FoldedStacks;
import dev.coral.agent.server.profile.Pprof;
import dev.coral.agent.server.profile.StackCounts;
import dev.coral.agent.server.red.RedSeries;
import dev.coral.agent.server.v1.AgentQueryServiceGrpc;
import dev.coral.agent.server.v1.EbpfMetricType;
import dev.coral.agent.server.v1.QueryEbpfRedRequest;
import dev.coral.agent.server.v1.QueryEbpfRedResponse;
import dev.coral.agent.server.v1.QueryLogsRequest;
import dev.coral.agent.server.v1.QueryLogsResponse;
import dev.coral.agent.server.v1.QueryMetricsRequest;
import dev.coral.agent.server.v1.QueryMetricsResponse;
import dev.coral.agent.server.v1.ProfileFormat;
import dev.coral.agent.server.v1.QueryCPUProfileRequest;
import dev.coral.agent.server.v1.QueryCPUProfileResponse;
import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.QuerySystemMetricsRangeRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsRangeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Ours: {@code coral.agent.v1.AgentQueryService}, time-range queries for people and the CLI
 * (spans newest first, metrics oldest first, with a limit), and CPU profiles merged over a
 * range and rendered as folded stacks, pprof or an SVG flame graph, eBPF RED figures of a range, and
 * application metric points of every OTLP type.
 */
public final class AgentQueryServiceImpl extends AgentQueryServiceGrpc.AgentQueryServiceImplBase {
    static final int SPANS_DEFAULT = 100;
    static final int METRICS_DEFAULT = 1000;
    static final int LOGS_DEFAULT = 100;
    /** The highest OTLP severity number (FATAL4). */
    static final int MAX_SEVERITY = 24;
    /** A profile merges at most this many sample rows (distinct stacks per cycle). */
    static final int PROFILE_ROWS = 200_000;
    /** Sample rows asked for per page while merging a profile (the store's byte budget may give fewer). */
    static final int PROFILE_PAGE = 10_000;
    /** For error messages: {@code PROFILE_FORMAT_FOLDED (0), ...}, the names JSON takes and the numbers proto does. */
    private static final String ACCEPTED_FORMATS = ProfileFormat.getDescriptor().getValues().stream()
            .map(v -> v.getName() + " (" + v.getNumber() + ")").collect(Collectors.joining(", "));

    /** RED figures take at most this many totals (series and status codes) per type, the busiest. */
    static final int RED_TOTALS = 10_000;
    /** The range of RED figures without since_ms: what {@code coral-agent query ebpf} shows by default. */
    static final Duration RED_DEFAULT_RANGE = Duration.ofMinutes(15);

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
        String trace = Limits.traceId(request.getTraceId());
        Set<String> services = AgentServiceImpl.set(request.getServiceNamesList());
        String token = request.getPageToken();
        Page<SpanRow> page = pageOrInvalid(() -> data.spans().map(q -> trace.isEmpty()
                ? q.spansBetween(range[0], range[1], services, limit, token)
                // A whole trace, whatever the time range: it is what --trace asks for.
                : q.trace(trace, services, limit, token))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId())));
        QuerySpansResponse.Builder b = QuerySpansResponse.newBuilder().setSessionId(data.sessionId())
                .setTruncated(page.hasMore()).setNextPageToken(page.nextPageToken());
        page.rows().forEach(r -> b.addSpans(StoredSpans.of(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void querySystemMetricsRange(QuerySystemMetricsRangeRequest request,
            StreamObserver<QuerySystemMetricsRangeResponse> out) {
        int limit = Limits.bounded("limit", request.getLimit(), METRICS_DEFAULT, Limits.MAX_RECORDS_MAX);
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        Set<String> names = AgentServiceImpl.set(request.getMetricNamesList());
        Page<SystemMetricRow> page = pageOrInvalid(() -> data.systemMetrics()
                .map(q -> q.metricsBetween(range[0], range[1], names, limit, request.getPageToken()))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId())));
        QuerySystemMetricsRangeResponse.Builder b = QuerySystemMetricsRangeResponse.newBuilder()
                .setSessionId(data.sessionId()).setTruncated(page.hasMore()).setNextPageToken(page.nextPageToken());
        page.rows().forEach(r -> b.addMetrics(Rows.systemMetric(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void queryLogs(QueryLogsRequest request, StreamObserver<QueryLogsResponse> out) {
        int limit = Limits.bounded("limit", request.getLimit(), LOGS_DEFAULT, Limits.MAX_RECORDS_MAX);
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        int severity = request.getMinSeverityNumber();
        if (severity < 0 || severity > MAX_SEVERITY) {
            throw Status.INVALID_ARGUMENT.withDescription("min_severity_number must be an OTLP severity number from 1"
                    + " (TRACE) to " + MAX_SEVERITY + " (FATAL4), or 0 for all, got " + severity).asRuntimeException();
        }
        LogFilter filter = new LogFilter(AgentServiceImpl.set(request.getServiceNamesList()), severity,
                Limits.traceId(request.getTraceId()), request.getBodyContains());
        Page<LogRow> page = pageOrInvalid(() -> data.logs()
                .map(q -> q.logsBetween(range[0], range[1], filter, limit, request.getPageToken()))
                .orElseGet(() -> new Page<>(List.of(), 0, data.sessionId())));
        QueryLogsResponse.Builder b = QueryLogsResponse.newBuilder().setSessionId(data.sessionId())
                .setTruncated(page.hasMore()).setNextPageToken(page.nextPageToken());
        page.rows().forEach(r -> b.addRecords(LogMessages.record(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    /**
     * Application metric points of a range, every type asked for, by type then oldest first
     * ({@link MetricPages}).
     */
    @Override
    public void queryMetrics(QueryMetricsRequest request, StreamObserver<QueryMetricsResponse> out) {
        int limit = Limits.bounded("limit", request.getLimit(), METRICS_DEFAULT, Limits.MAX_RECORDS_MAX);
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        List<MetricPointType> types = MetricMessages.types(request.getTypesValueList());
        Set<String> names = AgentServiceImpl.set(request.getMetricNamesList());
        Set<String> services = AgentServiceImpl.set(request.getServiceNamesList());
        MetricPages.Answer answer = data.metrics().map(q -> pageOrInvalid(() -> MetricPages.read(q, types, range[0],
                range[1], names, services, limit, request.getPageToken())))
                .orElseGet(() -> new MetricPages.Answer(List.of(), ""));
        QueryMetricsResponse.Builder b = QueryMetricsResponse.newBuilder().setSessionId(data.sessionId())
                .setTruncated(!answer.nextPageToken().isEmpty()).setNextPageToken(answer.nextPageToken());
        answer.rows().forEach(r -> b.addPoints(MetricMessages.point(r)));
        out.onNext(b.build());
        out.onCompleted();
    }

    /**
     * One profile of the range: the samples are merged page by page (each bounded by the store's
     * byte budget), so only the distinct stacks are held, never the range's rows. With a diff
     * window, two such profiles, the older window's the baseline.
     */
    @Override
    public void queryCPUProfile(QueryCPUProfileRequest request, StreamObserver<QueryCPUProfileResponse> out) {
        Instant[] range = range(request.getSinceMs(), request.getUntilMs());
        if (request.hasDiffWindow() && request.getFormat() == ProfileFormat.PROFILE_FORMAT_PPROF) {
            throw Status.INVALID_ARGUMENT.withDescription("a differential profile is folded or SVG; for pprof "
                    + "export both windows and compare them with go tool pprof -diff_base").asRuntimeException();
        }
        StackCounts counts = profile(range, request.getServiceName());
        QueryCPUProfileResponse.Builder b = QueryCPUProfileResponse.newBuilder().setSessionId(data.sessionId())
                .setTotalSamples(counts.totalSamples()).setDistinctStacks(counts.stacks().size());
        String of = request.getServiceName().isEmpty() ? "" : " of " + request.getServiceName();
        if (request.hasDiffWindow()) {
            Instant[] other = range(request.getDiffWindow().getSinceMs(), request.getDiffWindow().getUntilMs());
            StackCounts diffCounts = profile(other, request.getServiceName());
            b.setDiffTotalSamples(diffCounts.totalSamples());
            boolean mainIsNewer = range[0].isAfter(other[0]) || (range[0].equals(other[0]) && range[1].isAfter(other[1]));
            StackCounts before = mainIsNewer ? diffCounts : counts;
            StackCounts after = mainIsNewer ? counts : diffCounts;
            switch (request.getFormat()) {
                case PROFILE_FORMAT_SVG -> b.setContentType("image/svg+xml").setData(ByteString.copyFrom(
                        FlameGraphSvg.renderDiff(before, after, "CPU" + of + ", difference")));
                case PROFILE_FORMAT_FOLDED -> b.setContentType("text/plain; charset=utf-8")
                        .setData(ByteString.copyFrom(FoldedStacks.renderDiff(before, after)));
                default -> throw unknownFormat(request);
            }
            out.onNext(b.build());
            out.onCompleted();
            return;
        }
        switch (request.getFormat()) {
            case PROFILE_FORMAT_PPROF -> b.setContentType("application/vnd.google.protobuf+gzip")
                    .setData(ByteString.copyFrom(Pprof.render(counts, range[0].toEpochMilli(),
                            Math.min(range[1].toEpochMilli(), clock.millis()))));
            case PROFILE_FORMAT_SVG -> b.setContentType("image/svg+xml").setData(ByteString.copyFrom(
                    FlameGraphSvg.render(counts, "CPU" + of)));
            case PROFILE_FORMAT_FOLDED -> b.setContentType("text/plain; charset=utf-8")
                    .setData(ByteString.copyFrom(FoldedStacks.render(counts)));
            default -> throw unknownFormat(request);
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    private static RuntimeException unknownFormat(QueryCPUProfileRequest request) {
        return Status.INVALID_ARGUMENT.withDescription("unknown format " + request.getFormatValue()
                + "; accepted: " + ACCEPTED_FORMATS).asRuntimeException();
    }

    /** The samples of a range merged, with the binaries their frames ran in. */
    private StackCounts profile(Instant[] range, String service) {
        StackCounts.Merger merger = new StackCounts.Merger();
        return data.profiles().map(q -> {
            String token = "";
            for (int rows = 0; rows < PROFILE_ROWS; ) {
                Page<ProfileSampleRow> page = q.samplesBetween(range[0], range[1], service,
                        Math.min(PROFILE_PAGE, PROFILE_ROWS - rows), token);
                merger.add(page.rows());
                rows += page.rows().size();
                if (!page.hasMore()) {
                    break;
                }
                token = page.nextPageToken();
            }
            return merger.result(q::binaries);
        }).orElseGet(merger::result);
    }

    /**
     * RED figures of a range: the store adds up the eBPF rows of each type asked for per series and
     * status code where they are ({@link EbpfQueries#httpTotals}), and these totals are merged per
     * series (all status codes together) here. Not in the CLI from QueryEbpfMetrics pages: those
     * page by seq id, and a quarter hour of 200 series at Beyla's 1 s interval is 180,000 rows that
     * would all cross the API (and, read in time order, cost the store about 6 s).
     */
    @Override
    public void queryEbpfRed(QueryEbpfRedRequest request, StreamObserver<QueryEbpfRedResponse> out) {
        long until = request.getUntilMs();
        long since = request.getSinceMs() != 0 ? request.getSinceMs()
                : Math.max(0, (until == 0 ? clock.millis() : until) - RED_DEFAULT_RANGE.toMillis());
        Instant[] range = range(since, until);
        Set<EbpfMetricType> types = EbpfMessages.types(request.getMetricTypesValueList());
        Set<String> services = AgentServiceImpl.set(request.getServiceNamesList());
        RedSeries series = new RedSeries();
        long rows = 0;
        boolean truncated = false;
        Optional<EbpfQueries> ebpf = data.ebpf();
        if (ebpf.isPresent()) {
            EbpfQueries q = ebpf.get();
            // One total more than kept tells that the range had more series than an answer holds.
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_HTTP)) {
                List<EbpfTotal<HttpRed>> t = q.httpTotals(range[0], range[1], services, RED_TOTALS + 1);
                truncated |= t.size() > RED_TOTALS;
                rows += add(t, series::http);
            }
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_GRPC)) {
                List<EbpfTotal<GrpcRed>> t = q.grpcTotals(range[0], range[1], services, RED_TOTALS + 1);
                truncated |= t.size() > RED_TOTALS;
                rows += add(t, series::grpc);
            }
            if (types.contains(EbpfMetricType.EBPF_METRIC_TYPE_SQL)) {
                List<EbpfTotal<SqlRed>> t = q.sqlTotals(range[0], range[1], services, RED_TOTALS + 1);
                truncated |= t.size() > RED_TOTALS;
                rows += add(t, series::sql);
            }
        }
        double seconds = (range[1].toEpochMilli() - range[0].toEpochMilli()) / 1000.0;
        QueryEbpfRedResponse.Builder b = QueryEbpfRedResponse.newBuilder().setSessionId(data.sessionId())
                .setSinceMs(range[0].toEpochMilli()).setUntilMs(range[1].toEpochMilli()).setRowsRead(rows)
                .setTruncated(truncated);
        series.sorted().forEach(s -> b.addSeries(EbpfMessages.red(s, seconds)));
        out.onNext(b.build());
        out.onCompleted();
    }

    /** Adds the first {@link #RED_TOTALS} totals to the series; returns the stored rows they sum. */
    private static <T> long add(List<EbpfTotal<T>> totals, Consumer<T> series) {
        long rows = 0;
        for (EbpfTotal<T> t : totals.subList(0, Math.min(RED_TOTALS, totals.size()))) {
            series.accept(t.sum());
            rows += t.rows();
        }
        return rows;
    }

    /** A store's page; a page token the store did not give is the caller's error. */
    private static <T> T pageOrInvalid(Supplier<T> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
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
