package dev.coral.agent.plugin.staticfilter.support;

import dev.coral.agent.api.BatchConsumer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The next consumer after the filter: keeps every batch it is given and completes at once. */
public final class CapturingConsumer implements BatchConsumer<ExportTraceServiceRequest> {
    private final List<ExportTraceServiceRequest> batches = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
        batches.add(batch);
        return CompletableFuture.completedFuture(null);
    }

    public List<ExportTraceServiceRequest> batches() {
        return batches;
    }

    /** Every span passed on so far, in order. */
    public List<io.opentelemetry.proto.trace.v1.Span> spans() {
        return batches.stream().flatMap(b -> Traces.spansOf(b).stream()).toList();
    }
}
