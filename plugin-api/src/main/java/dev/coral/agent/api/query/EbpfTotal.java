package dev.coral.agent.api.query;

import java.util.Objects;

/**
 * Stored eBPF RED rows of one series added up over a time range: one service, operation (HTTP
 * method and route, gRPC method, SQL operation and table), status code and set of bucket bounds.
 * {@code sum} holds the summed request count and histogram counts, the latest timestamp, and no
 * attributes.
 *
 * @param sum the rows added up
 * @param rows how many stored rows were added
 * @param <T> {@link dev.coral.agent.api.ebpf.HttpRed}, {@link dev.coral.agent.api.ebpf.GrpcRed} or
 *     {@link dev.coral.agent.api.ebpf.SqlRed}
 *
 * @since 0.1.0
 */
public record EbpfTotal<T>(T sum, long rows) {
    public EbpfTotal {
        Objects.requireNonNull(sum, "sum");
    }
}
