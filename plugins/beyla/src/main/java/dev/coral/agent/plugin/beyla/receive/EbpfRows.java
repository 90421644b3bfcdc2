package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The RED rows of one request, gathered by kind into the batch the ebpf pipeline takes. */
final class EbpfRows {
    private final List<HttpRed> http = new ArrayList<>();
    private final List<GrpcRed> grpc = new ArrayList<>();
    private final List<SqlRed> sql = new ArrayList<>();

    /** @param attributes the point's attributes, a copy the row mapping takes its columns out of */
    void add(RedKind kind, String service, long timestampMillis, LatencyHistogram latency, long count,
            Map<String, String> attributes) {
        switch (kind) {
            case HTTP -> http.add(HttpRows.of(service, timestampMillis, latency, count, attributes));
            case GRPC -> grpc.add(GrpcRows.of(service, timestampMillis, latency, count, attributes));
            case SQL -> sql.add(SqlRows.of(service, timestampMillis, latency, count, attributes));
        }
    }

    EbpfBatch batch() {
        return new EbpfBatch(http, grpc, sql, List.of());
    }
}
