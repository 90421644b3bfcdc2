package dev.coral.agent.server.rpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an unexpected exception in a service method into INTERNAL with the exception's message
 * (grpc-java would answer a bare UNKNOWN), and logs it once: a bug in one query must show up
 * clearly without taking anything else down.
 */
final class FailureInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(FailureInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                guard(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guard(super::onHalfClose);
            }

            private void guard(Runnable step) {
                try {
                    step.run();
                } catch (StatusRuntimeException e) {
                    close(e.getStatus(), e.getTrailers());
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("agent api method failed method={} error=\"{}\"",
                            call.getMethodDescriptor().getFullMethodName(), e.toString(), e);
                    close(Status.INTERNAL.withDescription(e.getClass().getSimpleName() + ": " + e.getMessage()), null);
                }
            }

            private void close(Status status, Metadata trailers) {
                try {
                    call.close(status, trailers == null ? new Metadata() : trailers);
                } catch (IllegalStateException alreadyClosed) {
                    // The method answered before it failed; the client has its answer.
                }
            }
        };
    }
}
