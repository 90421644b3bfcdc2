package dev.coral.agent.server.rpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the API's services in grpc-java's own in-process server and calls them with messages, so
 * both wire protocols (gRPC framing and Connect) share one implementation of each method with
 * grpc-java's semantics: deadlines, status codes, interceptors. The transports only translate
 * between their framing and {@link #call}.
 */
public final class RpcDispatcher implements AutoCloseable {
    private final Server server;
    private final ManagedChannel channel;
    private final Map<String, RpcMethod> methods;

    /**
     * @param services the API's services
     * @param executor where service methods run (they may block on store queries)
     */
    public RpcDispatcher(List<BindableService> services, Executor executor) throws IOException {
        String name = "coral-agent-api-" + UUID.randomUUID();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).executor(executor);
        Map<String, RpcMethod> table = new LinkedHashMap<>();
        for (BindableService service : services) {
            ServerServiceDefinition definition = ServerInterceptors.intercept(service, new FailureInterceptor());
            builder.addService(definition);
            for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
                describe(m.getMethodDescriptor()).ifPresent(rpc -> table.put(rpc.fullName(), rpc));
            }
        }
        this.methods = Map.copyOf(table);
        this.server = builder.build().start();
        this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** The unary method with this full name ({@code package.Service/Method}), if served. */
    public Optional<RpcMethod> method(String fullName) {
        return Optional.ofNullable(methods.get(fullName));
    }

    /** Every served method's full name. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }

    /**
     * Calls {@code method} with a request message. The future completes with the response
     * message, or exceptionally with a {@link io.grpc.StatusRuntimeException}. Cancelling it
     * cancels the call. The in-process transport hands both messages over as objects (the
     * method's own protobuf marshaller on both ends), never serialized.
     */
    public CompletableFuture<Message> call(RpcMethod method, Message request, Deadline deadline) {
        CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
        ListenableFuture<Message> pending = ClientCalls.futureUnaryCall(channel.newCall(method.descriptor(), options),
                request);
        CompletableFuture<Message> result = new CompletableFuture<>();
        Futures.addCallback(pending, new FutureCallback<>() {
            @Override
            public void onSuccess(Message response) {
                result.complete(response);
            }

            @Override
            public void onFailure(Throwable t) {
                result.completeExceptionally(t);
            }
        }, MoreExecutors.directExecutor());
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                pending.cancel(true);
            }
        });
        return result;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<RpcMethod> describe(MethodDescriptor<?, ?> d) {
        if (d.getType() != MethodType.UNARY
                || !(d.getRequestMarshaller() instanceof PrototypeMarshaller<?> req)
                || !(d.getResponseMarshaller() instanceof PrototypeMarshaller<?> resp)
                || !(req.getMessagePrototype() instanceof Message reqProto)
                || !(resp.getMessagePrototype() instanceof Message respProto)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked") // checked above: both marshallers carry protobuf messages
        MethodDescriptor<Message, Message> typed = (MethodDescriptor<Message, Message>) d;
        return Optional.of(new RpcMethod(d.getFullMethodName(), typed, reqProto, respProto));
    }
}
