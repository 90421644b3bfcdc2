package dev.coral.agent.tools.otlpload;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
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
 * parses each request and answers OK at once. Two ways to parse:
 * <ul>
 * <li>{@code bare}: the generated service stub with grpc-java's protobuf marshaller, as a stock
 *     grpc-java service would;</li>
 * <li>{@code bare-bytes}: the message taken as bytes and parsed with
 *     {@code ExportTraceServiceRequest.parser().parseFrom(byte[])}, the same decode as the otlp
 *     receiver's (and the same read into an exact-size array), so the difference to the receiver
 *     is everything but the parse.</li>
 * </ul>
 */
final class BareServer implements BenchServer {
    private final Executor executor;
    private final boolean bytes;
    private Server server;

    /**
     * @param executor the server's call executor; null for grpc-java's default (a cached pool)
     * @param bytes    parse from a byte array (the receiver's way) instead of the stub's marshaller
     */
    BareServer(Executor executor, boolean bytes) {
        this.executor = executor;
        this.bytes = bytes;
    }

    private static io.grpc.ServerServiceDefinition bytesService() {
        MethodDescriptor<byte[], ExportTraceServiceResponse> export = MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
                .setRequestMarshaller(new RawBytesMarshaller())
                .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        return io.grpc.ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
                .addMethod(export, ServerCalls.asyncUnaryCall((byte[] body, StreamObserver<ExportTraceServiceResponse> out) -> {
                    try {
                        ExportTraceServiceRequest.parser().parseFrom(body);
                    } catch (InvalidProtocolBufferException e) {
                        out.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                        return;
                    }
                    out.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    out.onCompleted();
                }))
                .build();
    }

    @Override
    public int start() throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(4 << 20)
                .maxConcurrentCallsPerConnection(100);
        if (bytes) {
            b.addService(bytesService());
        } else {
            b.addService(new TraceServiceGrpc.TraceServiceImplBase() {
                @Override
                public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
                    out.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    out.onCompleted();
                }
            });
        }
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
