package dev.coral.agent.server.services;

import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.api.query.EbpfRow;
import dev.coral.agent.server.red.MergedHistogram;
import dev.coral.agent.server.red.RedSeries;
import dev.coral.agent.server.v1.EbpfGrpcMetric;
import dev.coral.agent.server.v1.EbpfHttpMetric;
import dev.coral.agent.server.v1.EbpfMetricType;
import dev.coral.agent.server.v1.EbpfRed;
import dev.coral.agent.server.v1.EbpfSqlMetric;
import dev.coral.agent.server.v1.EbpfTraceSpan;
import dev.coral.agent.server.v1.LatencyQuantile;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/** eBPF rows and RED series as the wire messages of agent-api.md and query.proto. */
final class EbpfMessages {
    private static final Set<EbpfMetricType> ALL_TYPES = EnumSet.of(EbpfMetricType.EBPF_METRIC_TYPE_HTTP,
            EbpfMetricType.EBPF_METRIC_TYPE_GRPC, EbpfMetricType.EBPF_METRIC_TYPE_SQL);

    private EbpfMessages() {}

    /**
     * The metric types a request asks for: none (or only UNSPECIFIED) means all; a number the
     * enum does not have is INVALID_ARGUMENT naming the field.
     */
    static Set<EbpfMetricType> types(List<Integer> values) {
        Set<EbpfMetricType> out = EnumSet.noneOf(EbpfMetricType.class);
        for (int v : values) {
            EbpfMetricType t = EbpfMetricType.forNumber(v);
            if (t == null) {
                throw Status.INVALID_ARGUMENT.withDescription("metric_types: unknown EbpfMetricType " + v
                        + "; accepted: EBPF_METRIC_TYPE_HTTP (1), EBPF_METRIC_TYPE_GRPC (2), EBPF_METRIC_TYPE_SQL (3)")
                        .asRuntimeException();
            }
            if (t != EbpfMetricType.EBPF_METRIC_TYPE_UNSPECIFIED) {
                out.add(t);
            }
        }
        return out.isEmpty() ? EnumSet.copyOf(ALL_TYPES) : out;
    }

    static EbpfHttpMetric http(EbpfRow<HttpRed> row) {
        HttpRed r = row.value();
        LatencyHistogram h = r.latency();
        EbpfHttpMetric.Builder b = EbpfHttpMetric.newBuilder().setTimestamp(r.timestampMillis())
                .setServiceName(r.serviceName()).setHttpMethod(r.method()).setHttpRoute(r.route())
                .setHttpStatusCode(r.statusCode()).setRequestCount(r.requestCount()).putAllAttributes(r.attributes())
                .setSeqId(row.seqId());
        latency(h.boundsMs(), h.counts(), b::addLatencyBuckets, b::addLatencyCounts);
        return b.build();
    }

    static EbpfGrpcMetric grpc(EbpfRow<GrpcRed> row) {
        GrpcRed r = row.value();
        LatencyHistogram h = r.latency();
        EbpfGrpcMetric.Builder b = EbpfGrpcMetric.newBuilder().setTimestamp(r.timestampMillis())
                .setServiceName(r.serviceName()).setGrpcMethod(r.method()).setGrpcStatusCode(r.statusCode())
                .setRequestCount(r.requestCount()).putAllAttributes(r.attributes()).setSeqId(row.seqId());
        latency(h.boundsMs(), h.counts(), b::addLatencyBuckets, b::addLatencyCounts);
        return b.build();
    }

    static EbpfSqlMetric sql(EbpfRow<SqlRed> row) {
        SqlRed r = row.value();
        LatencyHistogram h = r.latency();
        EbpfSqlMetric.Builder b = EbpfSqlMetric.newBuilder().setTimestamp(r.timestampMillis())
                .setServiceName(r.serviceName()).setSqlOperation(r.operation()).setTableName(r.table())
                .setQueryCount(r.queryCount()).putAllAttributes(r.attributes()).setSeqId(row.seqId());
        latency(h.boundsMs(), h.counts(), b::addLatencyBuckets, b::addLatencyCounts);
        return b.build();
    }

    static EbpfTraceSpan span(EbpfRow<EbpfSpan> row) {
        EbpfSpan s = row.value();
        return EbpfTraceSpan.newBuilder().setTraceId(s.traceId()).setSpanId(s.spanId())
                .setParentSpanId(s.parentSpanId()).setServiceName(s.serviceName()).setSpanName(s.name())
                .setSpanKind(s.kind()).setStartTime(s.startMillis()).setDurationUs(s.durationMicros())
                .setStatusCode(s.statusCode()).putAllAttributes(s.attributes()).setSeqId(row.seqId())
                .setProcessPid(s.processPid()).build();
    }

    /** A series over a range of {@code seconds}. */
    static EbpfRed red(RedSeries.Series s, double seconds) {
        RedSeries.Key k = s.key();
        EbpfRed.Builder b = EbpfRed.newBuilder().setServiceName(k.service()).setRequests(s.requests())
                .setErrors(s.errors()).setErrorsKnown(s.errorsKnown())
                .setRatePerSecond(seconds > 0 ? s.requests() / seconds : 0)
                .setErrorPercent(s.errorsKnown() && s.requests() > 0 ? 100.0 * s.errors() / s.requests() : 0);
        switch (k.kind()) {
            case HTTP -> b.setMetricType(EbpfMetricType.EBPF_METRIC_TYPE_HTTP).setHttpMethod(k.first())
                    .setHttpRoute(k.second());
            case GRPC -> b.setMetricType(EbpfMetricType.EBPF_METRIC_TYPE_GRPC).setGrpcMethod(k.first());
            case SQL -> b.setMetricType(EbpfMetricType.EBPF_METRIC_TYPE_SQL).setSqlOperation(k.first())
                    .setTableName(k.second());
        }
        MergedHistogram h = s.latency();
        latency(h.bounds(), h.counts(), b::addLatencyBuckets, b::addLatencyCounts);
        quantile(h, 0.50).ifPresent(b::setP50);
        quantile(h, 0.95).ifPresent(b::setP95);
        quantile(h, 0.99).ifPresent(b::setP99);
        return b.build();
    }

    /** A histogram into the repeated fields every eBPF message has: bounds, then counts with +Inf last. */
    private static void latency(double[] bounds, long[] counts, DoubleConsumer addBound, LongConsumer addCount) {
        for (double bound : bounds) {
            addBound.accept(bound);
        }
        for (long count : counts) {
            addCount.accept(count);
        }
    }

    private static java.util.Optional<LatencyQuantile> quantile(MergedHistogram h, double q) {
        MergedHistogram.Quantile v = h.quantile(q);
        return v == null ? java.util.Optional.empty()
                : java.util.Optional.of(LatencyQuantile.newBuilder().setMs(v.ms()).setAbove(v.above()).build());
    }
}
