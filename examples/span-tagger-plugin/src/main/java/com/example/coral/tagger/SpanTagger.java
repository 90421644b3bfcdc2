package com.example.coral.tagger;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Processor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Adds the configured attributes to every span, then passes the batch on. */
final class SpanTagger implements Processor<ExportTraceServiceRequest> {
    private final List<KeyValue> tags;
    private final BatchConsumer<ExportTraceServiceRequest> next;

    SpanTagger(TaggerConfig config, BatchConsumer<ExportTraceServiceRequest> next) {
        this.tags = config.attributes().entrySet().stream()
                .map(e -> KeyValue.newBuilder().setKey(e.getKey())
                        .setValue(AnyValue.newBuilder().setStringValue(e.getValue())).build())
                .toList();
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
        ExportTraceServiceRequest.Builder request = batch.toBuilder();
        request.getResourceSpansBuilderList().forEach(rs -> rs.getScopeSpansBuilderList()
                .forEach(ss -> ss.getSpansBuilderList().forEach(span -> span.addAllAttributes(tags))));
        return next.consume(request.build());
    }
}
