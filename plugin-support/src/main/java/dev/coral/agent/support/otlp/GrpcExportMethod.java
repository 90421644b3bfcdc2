package dev.coral.agent.support.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import dev.coral.agent.support.grpc.RawBytesMarshaller;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One OTLP {@code Export} method: reserve what the message will cost the heap, decode it, pass it to the
 * intake, answer when the pipeline has made the data durable, and then return the reservation.
 *
 * <p>Calls arrive on the transport's event loop. A message up to {@link #INLINE_LIMIT} is
 * decoded right there: that takes well under a millisecond, and a hand-off to another thread
 * would cost more CPU than the decoding (measured: about 40 % more per span with the nop
 * exporter). Larger messages (up to max-recv-msg-size, several milliseconds of decoding) go to
 * a virtual thread, so one big request never stalls the other connections of its loop.
 */
final class GrpcExportMethod<Q extends Message, A extends Message> implements ServerCalls.UnaryMethod<byte[], Message> {
    /** Larger messages are decoded off the event loop. */
    static final int INLINE_LIMIT = 256 * 1024;

    private final SignalIntake<Q, A> intake;
    private final InflightLedger ledger;
    private final RpcStatuses statuses;
    private final Executor offload;

    GrpcExportMethod(SignalIntake<Q, A> intake, InflightLedger ledger, RpcStatuses statuses, Executor offload) {
        this.intake = intake;
        this.ledger = ledger;
        this.statuses = statuses;
        this.offload = offload;
    }

    @Override
    public void invoke(byte[] body, StreamObserver<Message> out) {
        if (body == RawBytesMarshaller.INFLATED_TOO_LARGE) {
            // Counted as too_large by OversizeCounter, from this status's description.
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription(
                    "gRPC message exceeds maximum size once inflated (max-recv-msg-size)").asRuntimeException());
            return;
        }
        if (body.length <= INLINE_LIMIT) {
            export(body, out);
            return;
        }
        try {
            offload.execute(() -> export(body, out));
        } catch (RejectedExecutionException e) {
            // Only while the receiver shuts its executor down.
            reply(out, intake.refuse(RefusedException.unavailable("the receiver is shutting down")));
        }
    }

    private void export(byte[] body, StreamObserver<Message> out) {
        InflightLedger.Ticket ticket;
        try {
            ticket = ledger.reserve(HeapCost.ofProtobuf(body.length));
        } catch (RefusedException refused) {
            reply(out, intake.refuse(refused));
            return;
        }
        Q request;
        try {
            request = intake.signal().parser().parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            reply(out, intake.refuse(new RefusedException(RefusedException.Reason.INVALID,
                    "undecodable " + intake.signal() + " request: " + e.getMessage())));
            ticket.close();
            return;
        }
        intake.accept(request).thenAccept(answer -> {
            try {
                reply(out, answer);
            } finally {
                ticket.close();
            }
        });
    }

    private void reply(StreamObserver<Message> out, Answer answer) {
        try {
            switch (answer) {
                case Answer.Accepted a -> {
                    out.onNext(a.response());
                    out.onCompleted();
                }
                case Answer.Refused r -> out.onError(StatusProto.toStatusRuntimeException(statuses.status(r.reason())));
            }
        } catch (IllegalStateException e) {
            // The call was cancelled by the client (or its deadline passed) meanwhile: nobody to answer.
        }
    }
}
