package dev.coral.agent.plugin.staticfilter;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Processor;
import dev.coral.agent.plugin.staticfilter.core.BatchFilter;
import dev.coral.agent.plugin.staticfilter.core.FilterCounters;
import dev.coral.agent.plugin.staticfilter.core.Tally;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The static filter in a traces pipeline: passes on what the rules keep. Holds no state per
 * batch, so concurrent {@code consume} calls are safe.
 */
final class StaticFilterProcessor implements Processor<ExportTraceServiceRequest> {
    /**
     * A dropped span is a success for the client: there is nothing left to make durable. A
     * minimal stage, so no caller can obtrude another outcome on the shared instance.
     */
    private static final CompletionStage<Void> NOTHING_TO_KEEP = CompletableFuture.completedStage(null);

    private final BatchFilter filter;
    private final FilterCounters counters;
    private final BatchConsumer<ExportTraceServiceRequest> next;

    StaticFilterProcessor(BatchFilter filter, FilterCounters counters, BatchConsumer<ExportTraceServiceRequest> next) {
        this.filter = filter;
        this.counters = counters;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
        Tally tally = new Tally();
        ExportTraceServiceRequest kept = filter.filter(batch, tally);
        counters.add(tally);
        if (tally.dropped() > 0 && tally.kept() == 0) {
            return NOTHING_TO_KEEP;
        }
        return next.consume(kept);
    }
}
