package dev.coral.agent.plugin.otlpexporter.send;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.coral.agent.plugin.otlpexporter.config.Compression;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import dev.coral.agent.support.net.SharedEventLoops;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC: unary {@code Export} calls on one channel, the request passed as its bytes
 * (plugin-support's raw marshaller), gzip message compression, the configured headers as metadata.
 */
public final class GrpcSender implements Sender {
    /** The OTLP specification's retryable codes; RESOURCE_EXHAUSTED only with RetryInfo. */
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS);

    private final SharedEventLoops.Lease loops;
    private final ManagedChannel channel;
    private final io.grpc.Channel intercepted;
    private final Duration timeout;
    private final Compression compression;
    private final Map<ExportedSignal, MethodDescriptor<byte[], byte[]>> methods = new EnumMap<>(ExportedSignal.class);

    public GrpcSender(ExporterConfig config) {
        ChannelCredentials credentials = credentials(config);
        // The process's event loops, not a group of the channel's own (see SharedEventLoops).
        this.loops = SharedEventLoops.acquire();
        this.channel = NettyChannelBuilder.forAddress(config.upstream().host(), config.upstream().port(), credentials)
                .eventLoopGroup(loops.workers())
                .channelType(loops.clientChannel())
                .maxInboundMessageSize(4 << 20)
                .build();
        Metadata headers = new Metadata();
        config.headers().forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        this.intercepted = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        this.timeout = config.timeout();
        this.compression = config.compression();
        RawBytesMarshaller raw = new RawBytesMarshaller();
        for (ExportedSignal s : ExportedSignal.values()) {
            methods.put(s, MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(s.grpcMethod())
                    .setRequestMarshaller(raw).setResponseMarshaller(raw)
                    .build());
        }
    }

    private static ChannelCredentials credentials(ExporterConfig config) {
        if (!config.usesTls()) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
            if (config.tls().caFile().isPresent()) {
                b.trustManager(config.tls().caFile().get().toFile());
            }
            if (config.tls().certFile().isPresent()) {
                b.keyManager(config.tls().certFile().get().toFile(), config.tls().keyFile().orElseThrow().toFile());
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        }
    }

    @Override
    public SendOutcome send(ExportedSignal signal, byte[] request) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (compression == Compression.GZIP) {
            options = options.withCompression("gzip");
        }
        try {
            byte[] response = ClientCalls.blockingUnaryCall(intercepted, methods.get(signal), options, request);
            return new SendOutcome.Accepted(signal.rejected(response));
        } catch (StatusRuntimeException e) {
            return classify(e);
        } catch (InvalidProtocolBufferException e) {
            return SendOutcome.accepted();
        }
    }

    static SendOutcome classify(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String reason = "gRPC " + code + (e.getStatus().getDescription() == null ? ""
                : ": " + e.getStatus().getDescription());
        Optional<Duration> retryAfter = retryInfo(e);
        if (RETRYABLE.contains(code) || code == Status.Code.RESOURCE_EXHAUSTED && retryAfter.isPresent()) {
            return new SendOutcome.Retryable(reason, retryAfter);
        }
        return new SendOutcome.Permanent(reason);
    }

    private static Optional<Duration> retryInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    var d = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Optional.of(Duration.ofSeconds(d.getSeconds(), d.getNanos()));
                } catch (InvalidProtocolBufferException ignored) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loops.close();
        }
    }
}
