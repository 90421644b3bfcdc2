package dev.coral.agent.tools.otlpload;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: a plain grpc-java server (same transport, same limits) whose TraceService
 * parses each request with the generated protobuf marshaller and answers OK at once. Nothing
 * an OTLP receiver could do costs less.
 */
final class BareServer implements BenchServer {
    private final Executor executor;
    private Server server;

    /** @param executor the server's call executor; null for grpc-java's default (a cached pool) */
    BareServer(Executor executor) {
        this.executor = executor;
    }

    @Override
    public int start() throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(4 << 20)
                .maxConcurrentCallsPerConnection(100)
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
                        out.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        out.onCompleted();
                    }
                });
        if (executor != null) {
            b.executor(executor);
        }
        server = b.build().start();
        return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
