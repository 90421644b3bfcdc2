package dev.coral.agent.plugin.beyla.receive;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.api.ebpf.EbpfBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The consumer the OTLP servers hand one signal's requests to: maps each to eBPF rows and passes
 * them to the ebpf pipeline, completing when the pipeline has them durable, so the client is
 * answered only then. A refusal comes back as it is (the servers answer retryable refusals with
 * 429/503 and a retry hint), after the mapping's state is taken back for the retry.
 *
 * @param <Q> the OTLP export request
 */
final class EbpfForwarder<Q> implements BatchConsumer<Q> {
    private final Function<Q, Mapped> mapping;
    private final BatchConsumer<EbpfBatch> ebpf;
    private final MappingCounters counters;

    EbpfForwarder(Function<Q, Mapped> mapping, BatchConsumer<EbpfBatch> ebpf, MappingCounters counters) {
        this.mapping = mapping;
        this.ebpf = ebpf;
        this.counters = counters;
    }

    @Override
    public CompletionStage<Void> consume(Q request) {
        Mapped mapped;
        try {
            mapped = mapping.apply(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RefusedException.failed("mapping Beyla's export failed: " + e, e));
        }
        EbpfBatch batch = mapped.batch();
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> durable;
        try {
            durable = ebpf.consume(batch);
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        return durable.whenComplete((ok, failure) -> {
            if (failure == null) {
                counters.kept(batch);
            } else {
                mapped.undo().run();
            }
        });
    }
}
