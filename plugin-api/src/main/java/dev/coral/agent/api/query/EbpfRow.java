package dev.coral.agent.api.query;

import java.util.Objects;

/**
 * One stored row of an eBPF table with its seq id: a {@link dev.coral.agent.api.ebpf.HttpRed},
 * {@link dev.coral.agent.api.ebpf.GrpcRed}, {@link dev.coral.agent.api.ebpf.SqlRed} or
 * {@link dev.coral.agent.api.ebpf.EbpfSpan} as the receiver gave it (text cut to the store's value
 * limits).
 *
 * @param seqId dense per-table sequence (unsigned)
 * @param value the row's values
 * @param <T> the row type of the table
 *
 * @since 0.1.0
 */
public record EbpfRow<T>(long seqId, T value) {
    public EbpfRow {
        Objects.requireNonNull(value, "value");
    }
}
