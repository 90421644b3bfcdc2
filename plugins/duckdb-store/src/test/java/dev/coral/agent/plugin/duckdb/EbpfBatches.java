package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.EbpfSpan;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.util.List;
import java.util.Map;

/** eBPF rows shaped as Beyla's: its default millisecond buckets, with +Inf. */
final class EbpfBatches {
    /** Beyla's default duration buckets (seconds 0 .. 10), in ms. */
    static final double[] BOUNDS = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

    private EbpfBatches() {}

    /** A histogram over {@link #BOUNDS}: {@code counts} for the first buckets, the rest 0. */
    static LatencyHistogram latency(long... counts) {
        long[] all = new long[BOUNDS.length + 1];
        System.arraycopy(counts, 0, all, 0, counts.length);
        return new LatencyHistogram(BOUNDS, all);
    }

    static HttpRed http(long at, String service, String route, int status, long requests) {
        return new HttpRed(at, service, "GET", route, status, latency(0, requests), requests,
                Map.of("server.port", "8080", "url.scheme", "http"));
    }

    static GrpcRed grpc(long at, String service, String method, int status, long calls) {
        return new GrpcRed(at, service, method, status, latency(0, 0, calls), calls, Map.of("rpc.system", "grpc"));
    }

    static SqlRed sql(long at, String service, String operation, String table, long queries) {
        return new SqlRed(at, service, operation, table, latency(0, 0, 0, queries), queries,
                Map.of("db.system", "postgresql"));
    }

    static EbpfSpan span(long at, String service, String trace, String span, String parent) {
        return new EbpfSpan(trace, span, parent, service, "GET /items/{id}", "SERVER", at, 1500, 0,
                Map.of("http.request.method", "GET"), 4242);
    }

    static EbpfBatch batch(List<HttpRed> http, List<GrpcRed> grpc, List<SqlRed> sql, List<EbpfSpan> spans) {
        return new EbpfBatch(http, grpc, sql, spans);
    }

    /** One row of each kind, of {@code service}, at {@code at}. */
    static EbpfBatch oneOfEach(long at, String service, String trace, String span) {
        return batch(List.of(http(at, service, "/items/{id}", 200, 3)), List.of(grpc(at, service, "/shop.Cart/Get", 0, 2)),
                List.of(sql(at, service, "SELECT", "orders", 4)), List.of(span(at, service, trace, span, "")));
    }
}
