package dev.coral.agent.plugin.duckdb;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic span batches: span {@code i} of batch {@code b} has span id {@link #spanId}(b, i)
 * and trace id {@link #traceId}(b), so a test (or another process) knows what a batch holds from its number.
 */
final class Batches {
    private Batches() {}

    static String spanId(long batch, int i) {
        return HexFormat.of().formatHex(ByteBuffer.allocate(8).putInt((int) batch).putInt(i + 1).array());
    }

    static String traceId(long batch) {
        return HexFormat.of().formatHex(ByteBuffer.allocate(16).putLong(0x7eadL).putLong(batch).array());
    }

    static List<String> spanIds(long batch, int spans) {
        List<String> out = new ArrayList<>(spans);
        for (int i = 0; i < spans; i++) {
            out.add(spanId(batch, i));
        }
        return out;
    }

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    /** {@code spans} SERVER spans of {@code service}, starting at {@code startNanos} 1 ms apart, 5 ms long. */
    static ExportTraceServiceRequest spans(String service, long batch, int spans, long startNanos) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test-scope"));
        for (int i = 0; i < spans; i++) {
            long start = startNanos + i * 1_000_000L;
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.fromHex(traceId(batch)))
                    .setSpanId(ByteString.fromHex(spanId(batch, i)))
                    .setName("GET /items/{id}")
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + 5_000_000L)
                    .addAttributes(attr("http.request.method", "GET"))
                    .addAttributes(attr("http.route", "/items/{id}"))
                    .addAttributes(attr("http.response.status_code", 200))
                    .addAttributes(attr("batch", batch)));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(scope)).build();
    }

    /** One span with everything set, for checking every column. */
    static Span.Builder span(String traceIdHex, String spanIdHex, long startNanos) {
        return Span.newBuilder().setTraceId(ByteString.fromHex(traceIdHex)).setSpanId(ByteString.fromHex(spanIdHex))
                .setName("op").setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(startNanos + 2_500_000L)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    }

    static ExportTraceServiceRequest request(String service, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s"));
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service))).addScopeSpans(scope))
                .build();
    }

    /**
     * {@code clients} threads, started together, each consuming {@code batchesPerClient} batches of
     * {@code spans} spans (batch numbers client * 1000 + b, service "svc-<client>") without waiting
     * for answers; returns every answer once all were submitted.
     */
    static List<java.util.concurrent.CompletableFuture<Void>> sendConcurrently(
            dev.coral.agent.api.BatchConsumer<ExportTraceServiceRequest> consumer, int clients, int batchesPerClient,
            int spans) throws InterruptedException {
        List<java.util.concurrent.CompletableFuture<Void>> acks = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int b = 0; b < batchesPerClient; b++) {
                    var ack = consumer.consume(spans("svc-" + client, client * 1000L + b, spans,
                            System.currentTimeMillis() * 1_000_000L)).toCompletableFuture();
                    synchronized (acks) {
                        acks.add(ack);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return acks;
    }
}
