package dev.coral.agent.tools.otlpload;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An application instrumented with the OpenTelemetry Java SDK, in this JVM: a tracer provider with
 * the SDK's {@code BatchSpanProcessor} at its defaults (queue 2,048 spans, batches of 512, one
 * export at a time, 5 s schedule delay, 30 s export timeout) and the {@code OtlpGrpcSpanExporter}
 * at its defaults, producing spans at a fixed rate for a bounded time (traces of a SERVER span
 * and three CLIENT children). What the SDK itself counts is the figure: its {@code processedSpans}
 * counter with {@code dropped=true} (spans it threw away because the queue was full), read from
 * the meter provider handed to the processor.
 */
final class SdkSpanLoad {
    /**
     * Over the measured window (after the warm-up), and in total after the final flush.
     *
     * @param exportedOk spans in exports the agent answered OK (window)
     */
    record Result(double targetRate, double seconds, long produced, long droppedBySdk, long exportedOk, long exportFailedSpans,
                  long skippedSlots, long maxQueued, long totalProduced, long totalDropped, long totalExportedOk, boolean flushed) {
        double producedPerSecond() {
            return produced / seconds;
        }

        double deliveredPerSecond() {
            return exportedOk / seconds;
        }
    }

    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
    /**
     * The processor logs a WARNING per export while it drops; the drops are the figure, counted from
     * its metrics, so its log would only bury the progress lines. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger BSP_LOG = java.util.logging.Logger.getLogger(BatchSpanProcessor.class.getName());
    private static final int TICKS_PER_SECOND = 1000;

    private final String endpoint;
    private final double rate;

    /** @param endpoint e.g. {@code http://127.0.0.1:4317} */
    SdkSpanLoad(String endpoint, double spansPerSecond) {
        if (!(spansPerSecond > 0)) {
            throw new IllegalArgumentException("the SDK's rate must be positive");
        }
        this.endpoint = endpoint;
        this.rate = spansPerSecond;
    }

    Result run(Duration warmup, Duration window) throws InterruptedException {
        BSP_LOG.setLevel(java.util.logging.Level.SEVERE);
        CountingExporter exporter = new CountingExporter(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build());
        OnDemandReader reader = new OnDemandReader();
        SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "otlp-load-sdk"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMeterProvider(meters).build())
                .build();
        Producer producer = new Producer(tracing.get("otlp-load"), rate);
        Thread thread = Thread.ofPlatform().name("otlp-load-sdk-producer").daemon().start(producer);
        boolean shutDown = false;
        try {
            long start = System.nanoTime();
            long maxQueued = 0;
            long end = start + warmup.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            long p0 = producer.produced.sum();
            long d0 = reader.dropped();
            long ok0 = exporter.ok.sum();
            long f0 = exporter.failed.sum();
            long s0 = producer.skipped.sum();
            long n0 = System.nanoTime();
            end = n0 + window.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                maxQueued = Math.max(maxQueued, reader.queued());
            }
            producer.running = false;
            thread.join(5_000);
            double seconds = (System.nanoTime() - n0) / 1e9;
            long produced = producer.produced.sum() - p0;
            long dropped = reader.dropped() - d0;
            long ok = exporter.ok.sum() - ok0;
            long failed = exporter.failed.sum() - f0;
            long skipped = producer.skipped.sum() - s0;
            boolean flushed = tracing.shutdown().join(35, TimeUnit.SECONDS).isSuccess();
            shutDown = true;
            return new Result(rate, seconds, produced, dropped, ok, failed, skipped, maxQueued, producer.produced.sum(),
                    reader.dropped(), exporter.ok.sum(), flushed);
        } finally {
            producer.running = false;
            if (!shutDown) {
                tracing.shutdown().join(5, TimeUnit.SECONDS);
            }
            meters.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** Spans at {@code rate}: every millisecond the traces due by then, skipping (and counting) slots more than 1 s late. */
    private static final class Producer implements Runnable {
        private final Tracer tracer;
        private final double spansPerNano;
        private final LongAdder produced = new LongAdder();
        private final LongAdder skipped = new LongAdder();
        private volatile boolean running = true;
        private long traces;

        Producer(Tracer tracer, double spansPerSecond) {
            this.tracer = tracer;
            this.spansPerNano = spansPerSecond / 1e9;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            long due = 0;
            while (running) {
                long now = System.nanoTime();
                long shouldHave = (long) ((now - start) * spansPerNano);
                if (shouldHave - due > spansPerNano * 1e9) {
                    long behind = shouldHave - due;
                    skipped.add(behind);
                    due += behind;
                }
                while (due + 4 <= shouldHave && running) {
                    trace();
                    due += 4;
                }
                LockSupport.parkNanos(1_000_000_000L / TICKS_PER_SECOND);
            }
        }

        /** Four spans: GET /api/orders/{id} calling a database twice and another service once; 1 in 50 fails. */
        private void trace() {
            long n = traces++;
            Span server = tracer.spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET").setAttribute("http.route", "/api/orders/{id}")
                    .setAttribute("url.path", "/api/orders/" + (n % 10_000)).setAttribute("http.response.status_code", 200L)
                    .setAttribute("server.address", "checkout.internal").startSpan();
            Context parent = Context.current().with(server);
            for (int i = 0; i < 2; i++) {
                tracer.spanBuilder("SELECT orders").setParent(parent).setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system.name", "postgresql")
                        .setAttribute("db.query.text", "SELECT id, status, total FROM orders WHERE customer_id = $1")
                        .startSpan().end();
            }
            Span call = tracer.spanBuilder("POST").setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("http.request.method", "POST").setAttribute("server.address", "payments.internal").startSpan();
            if (n % 50 == 0) {
                call.setStatus(StatusCode.ERROR, "upstream 503");
                server.setStatus(StatusCode.ERROR);
            }
            call.end();
            server.end();
            produced.add(4);
        }
    }

    /** Counts the spans of exports that succeeded and of those that failed. */
    private static final class CountingExporter implements SpanExporter {
        private final SpanExporter delegate;
        private final LongAdder ok = new LongAdder();
        private final LongAdder failed = new LongAdder();

        CountingExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            int n = spans.size();
            CompletableResultCode result = delegate.export(spans);
            result.whenComplete(() -> (result.isSuccess() ? ok : failed).add(n));
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    /** Collects the SDK's own metrics when asked (cumulative), so the processor's counters can be read at any moment. */
    private static final class OnDemandReader implements MetricReader {
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        /** The processor's {@code processedSpans{dropped=true}}: spans it dropped. */
        long dropped() {
            long sum = 0;
            for (MetricData m : registration.collectAllMetrics()) {
                if (m.getName().equals("processedSpans")) {
                    for (LongPointData p : m.getLongSumData().getPoints()) {
                        if (Boolean.TRUE.equals(p.getAttributes().get(DROPPED))) {
                            sum += p.getValue();
                        }
                    }
                }
            }
            return sum;
        }

        /** The processor's {@code queueSize} gauge: spans waiting now. */
        long queued() {
            long max = 0;
            for (MetricData m : registration.collectAllMetrics()) {
                if (m.getName().equals("queueSize")) {
                    for (LongPointData p : m.getLongGaugeData().getPoints()) {
                        max = Math.max(max, p.getValue());
                    }
                }
            }
            return max;
        }
    }
}
