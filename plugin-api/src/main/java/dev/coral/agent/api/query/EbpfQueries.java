package dev.coral.agent.api.query;

import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.SqlRed;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * eBPF instrumentation data kept by a store (the {@code ebpf} signal: Beyla's HTTP, gRPC and SQL
 * RED rows and its spans), one table per kind, each with its own dense seq ids. An empty {@code
 * services} means all services. Pages are bounded as {@link SpanQueries}' are; seq ids are
 * unsigned: a negative {@code afterSeqId} stands for 2^63 or more, after every stored row (an
 * empty page, {@code maxSeqId} 0).
 *
 * @since 0.1.0
 */
public interface EbpfQueries {
    /** Colony polling: HTTP rows with seq id greater than {@code afterSeqId}, in seq order. */
    Page<EbpfRow<HttpRed>> httpSince(long afterSeqId, Collection<String> services, int limit);

    /** Colony polling: gRPC rows with seq id greater than {@code afterSeqId}, in seq order. */
    Page<EbpfRow<GrpcRed>> grpcSince(long afterSeqId, Collection<String> services, int limit);

    /** Colony polling: SQL rows with seq id greater than {@code afterSeqId}, in seq order. */
    Page<EbpfRow<SqlRed>> sqlSince(long afterSeqId, Collection<String> services, int limit);

    /** Colony polling: spans with seq id greater than {@code afterSeqId}, in seq order. */
    Page<EbpfRow<EbpfSpan>> traceSpansSince(long afterSeqId, Collection<String> services, int limit);

    /**
     * The spans of one trace (32 hex chars, case ignored) with seq id greater than {@code
     * afterSeqId}, in seq order: a trace larger than one page continues after {@link Page#maxSeqId}.
     */
    Page<EbpfRow<EbpfSpan>> traceSpansSince(String traceId, long afterSeqId, Collection<String> services, int limit);

    /** HTTP rows whose interval ended in [from, until), oldest first. */
    Page<EbpfRow<HttpRed>> httpBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken);

    /** gRPC rows whose interval ended in [from, until), oldest first. */
    Page<EbpfRow<GrpcRed>> grpcBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken);

    /** SQL rows whose interval ended in [from, until), oldest first. */
    Page<EbpfRow<SqlRed>> sqlBetween(Instant from, Instant until, Collection<String> services, int limit,
            String pageToken);

    /**
     * HTTP rows whose interval ended in [from, until) added up per service, method, route, status
     * code and bucket bounds (see {@link EbpfTotal}), the busiest first, at most {@code limit}: what
     * RED figures of a range need, computed where the rows are rather than read one by one.
     */
    List<EbpfTotal<HttpRed>> httpTotals(Instant from, Instant until, Collection<String> services, int limit);

    /** gRPC rows of [from, until) added up per service, method, status code and bucket bounds, the busiest first. */
    List<EbpfTotal<GrpcRed>> grpcTotals(Instant from, Instant until, Collection<String> services, int limit);

    /** SQL rows of [from, until) added up per service, operation, table and bucket bounds, the busiest first. */
    List<EbpfTotal<SqlRed>> sqlTotals(Instant from, Instant until, Collection<String> services, int limit);
}
