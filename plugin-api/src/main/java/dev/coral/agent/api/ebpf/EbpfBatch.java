package dev.coral.agent.api.ebpf;

import java.util.List;

/**
 * What an eBPF instrumenter exported in one request, mapped to rows: the {@code ebpf} signal's batch.
 *
 * @since 0.1.0
 */
public record EbpfBatch(List<HttpRed> http, List<GrpcRed> grpc, List<SqlRed> sql, List<EbpfSpan> spans) {
    public EbpfBatch {
        http = List.copyOf(http);
        grpc = List.copyOf(grpc);
        sql = List.copyOf(sql);
        spans = List.copyOf(spans);
    }

    public boolean isEmpty() {
        return http.isEmpty() && grpc.isEmpty() && sql.isEmpty() && spans.isEmpty();
    }

    /** Rows of every kind. */
    public int rows() {
        return http.size() + grpc.size() + sql.size() + spans.size();
    }
}
