package dev.coral.agent.tools.otlpload;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop OTLP/gRPC load at a fixed rate: one request of {@code spansPerRequest} spans every
 * {@code spansPerRequest / rate} seconds, whatever the server's latency, spread round-robin over
 * a few connections, each request made fresh (unique ids, timestamps of "just now") as an
 * application's SDK would. At most {@code maxOutstanding} requests wait for their answer; past
 * that the pacer waits, and the time lost shows as a rate below the target. A pacer that falls
 * more than a second behind skips the missed slots (counted) rather than bursting.
 */
final class PacedLoad implements AutoCloseable {
    /** Counts so far. Acknowledged = answered OK (the server says the data is durable). */
    record Totals(long sentRequests, long sentSpans, long ackedSpans, long failedRequests, long failedSpans,
                  long skippedSlots, long outstanding) {
        Totals minus(Totals o) {
            return new Totals(sentRequests - o.sentRequests, sentSpans - o.sentSpans, ackedSpans - o.ackedSpans,
                    failedRequests - o.failedRequests, failedSpans - o.failedSpans, skippedSlots - o.skippedSlots, outstanding);
        }
    }

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final int spansPerRequest;
    private final long intervalNanos;
    private final int maxOutstanding;
    private final Semaphore permits;
    private final SpanFactory factory;
    private final LongAdder sentRequests = new LongAdder();
    private final LongAdder sentSpans = new LongAdder();
    private final LongAdder ackedSpans = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder failedSpans = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Thread pacer;
    private volatile boolean sending = true;
    private volatile String lastFailure = "";

    PacedLoad(String host, int port, int connections, int spansPerRequest, double spansPerSecond, int maxOutstanding, long seed) {
        if (spansPerSecond <= 0 || spansPerRequest <= 0 || connections <= 0) {
            throw new IllegalArgumentException("rate, spans per request and connections must be positive");
        }
        this.spansPerRequest = spansPerRequest;
        this.intervalNanos = Math.round(spansPerRequest * 1e9 / spansPerSecond);
        this.maxOutstanding = maxOutstanding;
        this.permits = new Semaphore(maxOutstanding);
        this.factory = new SpanFactory(seed, true);
        for (int c = 0; c < connections; c++) {
            channels.add(NettyChannelBuilder.forAddress(host, port).usePlaintext().maxInboundMessageSize(4 << 20).build());
        }
        pacer = Thread.ofPlatform().name("otlp-load-pacer").daemon().unstarted(this::pace);
    }

    void start() {
        pacer.start();
    }

    Totals totals() {
        return new Totals(sentRequests.sum(), sentSpans.sum(), ackedSpans.sum(), failedRequests.sum(), failedSpans.sum(),
                skipped.sum(), maxOutstanding - permits.availablePermits());
    }

    String lastFailure() {
        return lastFailure;
    }

    private void pace() {
        long next = System.nanoTime();
        int i = 0;
        while (sending) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            if (now - next > 1_000_000_000L) {
                long missed = (now - next) / intervalNanos;
                skipped.add(missed);
                next += missed * intervalNanos;
            }
            try {
                while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (!sending) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            byte[] body = factory.request(spansPerRequest).toByteArray();
            ManagedChannel ch = channels.get(i++ % channels.size());
            sentRequests.increment();
            sentSpans.add(spansPerRequest);
            ClientCalls.asyncUnaryCall(ch.newCall(LoadGenerator.EXPORT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                    body, new StreamObserver<>() {
                        @Override
                        public void onNext(byte[] value) {}

                        @Override
                        public void onError(Throwable t) {
                            failedRequests.increment();
                            failedSpans.add(spansPerRequest);
                            lastFailure = io.grpc.Status.fromThrowable(t).toString();
                            permits.release();
                        }

                        @Override
                        public void onCompleted() {
                            ackedSpans.add(spansPerRequest);
                            permits.release();
                        }
                    });
            next += intervalNanos;
        }
    }

    /** Stops sending; requests already sent still get their answers. */
    void stopSending() throws InterruptedException {
        sending = false;
        pacer.join(5_000);
    }

    /** Waits up to {@code timeout} for every request sent to be answered; true if all were. */
    boolean drain(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(maxOutstanding, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            permits.release(maxOutstanding);
            return true;
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        stopSending();
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        for (ManagedChannel ch : channels) {
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
