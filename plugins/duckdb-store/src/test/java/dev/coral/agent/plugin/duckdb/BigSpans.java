package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;

/**
 * Spans with one huge attribute each (issue 11: thirty 10 MB spans made one 50-record poll
 * run a 512 MiB agent out of heap). Span {@code i} (from 1) is the only span of batch {@code i},
 * of service {@code big}, starts at {@code startNanos + i ms}, and its {@code payload} attribute
 * is {@link #payload}(i, size): the test knows each row from its seq id.
 */
final class BigSpans {
    static final int MB = 1 << 20;

    private BigSpans() {}

    /** {@code "<i>:"} and then one letter, to {@code size} characters. */
    static String payload(int i, int size) {
        String head = i + ":";
        return head + String.valueOf((char) ('a' + i % 26)).repeat(size - head.length());
    }

    /** Writes spans 1..count, one batch each, in order (so span i gets seq id i on an empty store). */
    static void write(DuckDbStore store, int count, int size, long startNanos) throws Exception {
        for (int i = 1; i <= count; i++) {
            ExportTraceServiceRequest plain = Batches.spans("big", i, 1, startNanos + i * 1_000_000L);
            ResourceSpans.Builder resource = plain.getResourceSpans(0).toBuilder();
            Span.Builder span = resource.getScopeSpansBuilder(0).getSpansBuilder(0);
            span.addAttributes(Batches.attr("payload", payload(i, size)));
            store.consumer(Signal.TRACES).consume(ExportTraceServiceRequest.newBuilder().addResourceSpans(resource)
                    .build()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
