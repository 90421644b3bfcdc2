package dev.coral.agent.support.otlp;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import dev.coral.agent.api.RefusedException;
import java.time.Duration;

/**
 * Turns a refusal into the {@code google.rpc.Status} both transports send: the gRPC code the
 * OTLP spec asks for, and {@code RetryInfo} on retryable refusals, without which OTLP clients
 * must not retry RESOURCE_EXHAUSTED. The mapping is the one documented on RefusedException.
 */
final class RpcStatuses {
    private final Duration defaultRetryAfter;

    public RpcStatuses(Duration defaultRetryAfter) {
        this.defaultRetryAfter = defaultRetryAfter;
    }

    public static Code code(RefusedException.Reason reason) {
        return switch (reason) {
            case OVERLOADED -> Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            case INVALID -> Code.INVALID_ARGUMENT;
            case FAILED -> Code.INTERNAL;
        };
    }

    /** The retry hint to send with a retryable refusal. */
    public Duration retryAfter(RefusedException r) {
        return r.retryAfter().orElse(defaultRetryAfter);
    }

    public Status status(RefusedException r) {
        Status.Builder b = Status.newBuilder()
                .setCode(code(r.reason()).getNumber())
                .setMessage(String.valueOf(r.getMessage()));
        if (r.reason().retryable()) {
            Duration d = retryAfter(r);
            b.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(d.getSeconds()).setNanos(d.getNano()))
                    .build()));
        } else if (r.reason() == RefusedException.Reason.INVALID) {
            b.addDetails(Any.pack(BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField("body").setDescription(String.valueOf(r.getMessage())))
                    .build()));
        }
        return b.build();
    }

    /** A status for failures that are not refusals of the pipeline (HTTP routing, sizes). */
    public static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }
}
