package dev.coral.agent.tools.otlpload;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many concurrent OTLP/gRPC clients, each on its own connection (as many SDKs would be),
 * sending {@code TraceService/Export} requests back to back until stopped. Requests are
 * serialized once up front and responses are not decoded, so the clients spend their CPU on
 * the transport, not on protobuf.
 */
final class LoadGenerator implements AutoCloseable {
    /** Counts so far: requests answered OK, their spans, and failed requests. */
    record Totals(long requests, long spans, long failures) {
        Totals minus(Totals o) {
            return new Totals(requests - o.requests, spans - o.spans, failures - o.failures);
        }
    }

    static final MethodDescriptor<byte[], byte[]> EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private final MethodDescriptor<byte[], byte[]> method;
    private final byte[][] bodies;
    private final int spansPerRequest;
    private final LongAdder requests = new LongAdder();
    private final LongAdder spans = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;
    private volatile String lastFailure = "";
    private volatile LatencyRecorder latencies;

    /**
     * @param distinct how many different requests to cycle through (serialized once)
     */
    LoadGenerator(String host, int port, int clientCount, int spansPerRequest, int distinct, long seed) {
        this(host, port, clientCount, EXPORT, spansPerRequest, spanBodies(spansPerRequest, distinct, seed));
    }

    /**
     * Clients sending {@code bodies} (serialized requests, cycled) to {@code method}; each
     * request counts as {@code itemsPerRequest} items (spans, metric points).
     */
    LoadGenerator(String host, int port, int clientCount, MethodDescriptor<byte[], byte[]> method, int itemsPerRequest,
            byte[][] bodies) {
        this.method = method;
        this.spansPerRequest = itemsPerRequest;
        this.bodies = bodies;
        for (int c = 0; c < clientCount; c++) {
            ManagedChannel ch = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                    .maxInboundMessageSize(4 << 20).build();
            channels.add(ch);
            int offset = c;
            clients.add(Thread.ofVirtual().name("otlp-load-" + c).unstarted(() -> loop(ch, offset)));
        }
    }


    private static byte[][] spanBodies(int spansPerRequest, int distinct, long seed) {
        SpanFactory factory = new SpanFactory(seed);
        byte[][] out = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            ExportTraceServiceRequest r = factory.request(spansPerRequest);
            out[i] = r.toByteArray();
        }
        return out;
    }

    /** Mean serialized request size, bytes. */
    int meanRequestBytes() {
        long sum = 0;
        for (byte[] b : bodies) {
            sum += b.length;
        }
        return (int) (sum / bodies.length);
    }

    /** From now on, each answered request's time from send to OK goes into {@code recorder}. */
    void recordLatenciesInto(LatencyRecorder recorder) {
        this.latencies = recorder;
    }

    void start() {
        clients.forEach(Thread::start);
    }

    Totals totals() {
        return new Totals(requests.sum(), spans.sum(), failures.sum());
    }

    String lastFailure() {
        return lastFailure;
    }

    private void loop(ManagedChannel channel, int offset) {
        int i = offset;
        while (running) {
            byte[] body = bodies[i++ % bodies.length];
            try {
                long sent = System.nanoTime();
                ClientCalls.blockingUnaryCall(channel, method,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
                LatencyRecorder recorder = latencies;
                if (recorder != null) {
                    recorder.record(System.nanoTime() - sent);
                }
                requests.increment();
                spans.add(spansPerRequest);
            } catch (StatusRuntimeException e) {
                if (running) {
                    failures.increment();
                    lastFailure = e.getStatus().toString();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(35));
        }
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        for (ManagedChannel ch : channels) {
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Sends and receives bytes as they are. */
    static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
