package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * An {@code ebpf} batch made ready for the beyla tables on the caller's thread, as spans are
 * ({@link SpanRows}): text cut to the store's value limits, attributes as JSON, and values the
 * unsigned columns cannot take refused before the batch reaches the writer. The writer thread
 * then only appends.
 */
final class EbpfRows {
    private final List<HttpRed> http = new ArrayList<>();
    private final List<String> httpAttributes = new ArrayList<>();
    private final List<GrpcRed> grpc = new ArrayList<>();
    private final List<String> grpcAttributes = new ArrayList<>();
    private final List<SqlRed> sql = new ArrayList<>();
    private final List<String> sqlAttributes = new ArrayList<>();
    private final List<EbpfSpan> spans = new ArrayList<>();
    private final List<String> spanAttributes = new ArrayList<>();
    private final long createdMicros;

    private EbpfRows(long createdMicros) {
        this.createdMicros = createdMicros;
    }

    /**
     * The batch's rows, cut to {@code limits}.
     *
     * @throws IllegalArgumentException for a negative count, status code or pid (the columns are unsigned)
     */
    static EbpfRows of(EbpfBatch batch, ValueLimits limits, long createdMicros) {
        Json json = new Json(limits);
        EbpfRows rows = new EbpfRows(createdMicros);
        for (HttpRed r : batch.http()) {
            check(r.latency(), r.requestCount(), r.statusCode(), "HTTP " + r.route());
            rows.http.add(new HttpRed(r.timestampMillis(), text(limits, r.serviceName()), text(limits, r.method()),
                    text(limits, r.route()), r.statusCode(), r.latency(), r.requestCount(), Map.of()));
            rows.httpAttributes.add(json.object(r.attributes()));
        }
        for (GrpcRed r : batch.grpc()) {
            check(r.latency(), r.requestCount(), r.statusCode(), "gRPC " + r.method());
            rows.grpc.add(new GrpcRed(r.timestampMillis(), text(limits, r.serviceName()), text(limits, r.method()),
                    r.statusCode(), r.latency(), r.requestCount(), Map.of()));
            rows.grpcAttributes.add(json.object(r.attributes()));
        }
        for (SqlRed r : batch.sql()) {
            check(r.latency(), r.queryCount(), 0, "SQL " + r.operation());
            rows.sql.add(new SqlRed(r.timestampMillis(), text(limits, r.serviceName()), text(limits, r.operation()),
                    text(limits, r.table()), r.latency(), r.queryCount(), Map.of()));
            rows.sqlAttributes.add(json.object(r.attributes()));
        }
        for (EbpfSpan s : batch.spans()) {
            if (s.statusCode() < 0 || s.processPid() < 0) {
                throw new IllegalArgumentException("eBPF span " + s.spanId() + " with a negative status code or pid");
            }
            // Ids in lower case, as the trace query and the colony compare them.
            rows.spans.add(new EbpfSpan(hex(limits, s.traceId()), hex(limits, s.spanId()), hex(limits, s.parentSpanId()),
                    text(limits, s.serviceName()), text(limits, s.name()), text(limits, s.kind()), s.startMillis(),
                    s.durationMicros(), s.statusCode(), Map.of(), s.processPid()));
            rows.spanAttributes.add(json.object(s.attributes()));
        }
        return rows;
    }

    private static void check(LatencyHistogram latency, long count, int statusCode, String what) {
        if (count < 0 || statusCode < 0) {
            throw new IllegalArgumentException("eBPF row of " + what + " with a negative count or status code");
        }
        for (long c : latency.counts()) {
            if (c < 0) {
                throw new IllegalArgumentException("eBPF row of " + what + " with a negative bucket count");
            }
        }
    }

    private static String hex(ValueLimits limits, String s) {
        return text(limits, s).toLowerCase(Locale.ROOT);
    }

    private static String text(ValueLimits limits, String s) {
        return limits.text(s == null ? "" : s);
    }

    int httpCount() {
        return http.size();
    }

    int grpcCount() {
        return grpc.size();
    }

    int sqlCount() {
        return sql.size();
    }

    int spanCount() {
        return spans.size();
    }

    int size() {
        return http.size() + grpc.size() + sql.size() + spans.size();
    }

    /** Appends the HTTP rows, numbered from {@code firstSeq}. */
    void appendHttp(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < http.size(); i++) {
            HttpRed r = http.get(i);
            a.beginRow();
            a.append(firstSeq + i);
            a.appendEpochMicros(micros(r.timestampMillis()));
            a.append(r.serviceName());
            a.append(r.method());
            a.append(r.route());
            a.append(r.statusCode());
            appendLatency(a, r.latency());
            a.append(r.requestCount());
            a.append(httpAttributes.get(i));
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendGrpc(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < grpc.size(); i++) {
            GrpcRed r = grpc.get(i);
            a.beginRow();
            a.append(firstSeq + i);
            a.appendEpochMicros(micros(r.timestampMillis()));
            a.append(r.serviceName());
            a.append(r.method());
            a.append(r.statusCode());
            appendLatency(a, r.latency());
            a.append(r.requestCount());
            a.append(grpcAttributes.get(i));
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendSql(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < sql.size(); i++) {
            SqlRed r = sql.get(i);
            a.beginRow();
            a.append(firstSeq + i);
            a.appendEpochMicros(micros(r.timestampMillis()));
            a.append(r.serviceName());
            a.append(r.operation());
            a.append(r.table());
            appendLatency(a, r.latency());
            a.append(r.queryCount());
            a.append(sqlAttributes.get(i));
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    void appendSpans(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < spans.size(); i++) {
            EbpfSpan s = spans.get(i);
            a.beginRow();
            a.append(firstSeq + i);
            a.appendEpochMicros(micros(s.startMillis()));
            a.append(s.traceId());
            a.append(s.spanId());
            a.append(s.parentSpanId());
            a.append(s.serviceName());
            a.append(s.name());
            a.append(s.kind());
            a.append(s.durationMicros());
            a.append(s.statusCode());
            a.append(spanAttributes.get(i));
            a.append(s.processPid());
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }

    private static void appendLatency(DuckDBAppender a, LatencyHistogram h) throws SQLException {
        a.append(h.boundsMs());
        a.append(h.counts());
    }

    /**
     * Unix ms as µs, within the range span timestamps have (1970 to 2262, what unsigned OTLP nanos
     * give): a hostile value neither wraps into the past nor leaves DuckDB's timestamp range.
     */
    private static long micros(long millis) {
        return Math.clamp(millis, 0, Long.MAX_VALUE / 1_000_000) * 1000;
    }
}
