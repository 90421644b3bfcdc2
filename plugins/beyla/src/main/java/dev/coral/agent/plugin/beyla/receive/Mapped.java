package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.ebpf.EbpfBatch;

/**
 * What one OTLP request became: its rows, and how to take back the state the mapping changed if
 * the pipeline refuses them (so that the client's retry, or its next cumulative point, carries
 * the same counts again).
 */
record Mapped(EbpfBatch batch, Runnable undo) {
    static Mapped of(EbpfBatch batch) {
        return new Mapped(batch, () -> {});
    }
}
