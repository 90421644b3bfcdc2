package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import dev.coral.agent.support.net.SharedEventLoops;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The OTLP/gRPC server: grpc-java on its Netty transport, one {@code Export} method per
 * signal some pipeline takes (others answer UNIMPLEMENTED). gzip is accepted as gRPC's message
 * encoding; gRPC bounds messages to max-recv-msg-size after decompression. Connections are
 * served by the process's {@link SharedEventLoops}; {@code executor} (virtual threads) takes
 * large messages.
 */
final class OtlpGrpcServer {
    private static final RawBytesMarshaller RAW = new RawBytesMarshaller();

    private final GrpcServerSettings config;
    private final List<SignalIntake<?, ?>> intakes;
    private final InflightLedger ledger;
    private final RpcStatuses statuses;
    private final Executor executor;
    private Server server;
    private SharedEventLoops.Lease loops;

    private final ReceiverCounters counters;

    OtlpGrpcServer(GrpcServerSettings config, List<SignalIntake<?, ?>> intakes, InflightLedger ledger,
                   RpcStatuses statuses, ReceiverCounters counters, Executor executor) {
        this.config = config;
        this.counters = counters;
        this.intakes = List.copyOf(intakes);
        this.ledger = ledger;
        this.statuses = statuses;
        this.executor = executor;
    }

    public void start() throws IOException {
        GrpcServerSettings.Connections limits = config.connections();
        ServerCredentials credentials = credentials();
        loops = SharedEventLoops.acquire();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(config.endpoint().resolve(), credentials)
                .bossEventLoopGroup(loops.boss())
                .workerEventLoopGroup(loops.workers())
                .channelType(loops.serverChannel())
                .maxInboundMessageSize((int) config.maxRecvMsgSize())
                .maxConcurrentCallsPerConnection(config.maxConcurrentStreams())
                .handshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionIdle(limits.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS)
                .maxRstFramesPerWindow(limits.maxStreamResets(), (int) Math.max(1, limits.resetWindow().toSeconds()))
                .intercept(new EarlyRefusal(ledger, statuses, counters))
                .addStreamTracerFactory(new OversizeCounter(counters))
                // Calls start on the event loop; GrpcExportMethod moves big messages to the executor.
                .directExecutor();
        for (SignalIntake<?, ?> intake : intakes) {
            builder.addService(service(intake));
        }
        try {
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /** The port bound (useful with port 0), or -1 before start. */
    public int port() {
        return server == null ? -1 : ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    /** Closes the listening socket and lets calls in progress finish. */
    public void stopAccepting() {
        if (server != null) {
            server.shutdown();
        }
    }

    /** Ends what is left after {@code grace}: calls still open are cancelled. */
    public void close(Duration grace) throws InterruptedException {
        if (server == null) {
            return;
        }
        server.shutdown();
        if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(1, TimeUnit.SECONDS);
        }
        loops.close();
    }

    private ServerCredentials credentials() throws IOException {
        if (config.tls().isEmpty()) {
            return InsecureServerCredentials.create();
        }
        var files = config.tls().get();
        return TlsServerCredentials.create(files.certFile().toFile(), files.keyFile().toFile());
    }

    private <Q extends Message, A extends Message> ServerServiceDefinition service(SignalIntake<Q, A> intake) {
        String service = intake.signal().grpcService();
        // Responses are only written, never parsed here: any message serializes as itself.
        MethodDescriptor<byte[], Message> export = MethodDescriptor.<byte[], Message>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(ProtoUtils.<Message>marshaller(intake.signal().defaultResponse()))
                .build();
        return ServerServiceDefinition.builder(service)
                .addMethod(export, ServerCalls.asyncUnaryCall(new GrpcExportMethod<>(intake, ledger, statuses, executor)))
                .build();
    }
}
