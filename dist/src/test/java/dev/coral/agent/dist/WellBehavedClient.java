package dev.coral.agent.dist;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application beside the abusers: the OpenTelemetry SDK's OTLP/gRPC exporter (with its
 * default retry on retryable refusals) sending 10 spans every 250 ms. Records how long each
 * export took, retries included, and whether it succeeded.
 */
final class WellBehavedClient {
    private final int port;
    private final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    WellBehavedClient(int port) {
        this.port = port;
    }

    void run(long deadline) {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port)
                .setTimeout(20, TimeUnit.SECONDS).build();
        try {
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                CompletableResultCode r = exporter.export(OtlpClient.errorSpans("well-behaved", "GET /health", 10))
                        .join(30, TimeUnit.SECONDS);
                latenciesMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                (r.isSuccess() ? successes : failures).incrementAndGet();
                AbuseSoakIT.pause(250);
            }
        } finally {
            exporter.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    long successes() {
        return successes.get();
    }

    String summary() {
        List<Long> sorted;
        synchronized (latenciesMillis) {
            sorted = new ArrayList<>(latenciesMillis);
        }
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return "no exports";
        }
        return "%d ok, %d failed, latency p50 %d ms, p99 %d ms, max %d ms".formatted(successes.get(), failures.get(),
                sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))),
                sorted.getLast());
    }
}
