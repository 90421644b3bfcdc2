package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.RefusedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The transport-independent part of an export: validate a decoded request, count its items,
 * hand what is valid to the pipeline and answer once the pipeline says it is durable. The
 * transport holds the request's ticket and closes it once it has written the answer. One
 * instance per signal and transport, made at start.
 */
final class SignalIntake<Q extends Message, A extends Message> {
    private final OtlpSignal<Q, A> signal;
    private final BatchConsumer<Q> consumer;
    private final ReceiverCounters.Items counters;
    private final ReceiverCounters requests;

    public SignalIntake(OtlpSignal<Q, A> signal, BatchConsumer<Q> consumer, ReceiverCounters counters) {
        this.signal = signal;
        this.consumer = consumer;
        this.counters = counters.items(signal);
        this.requests = counters;
    }

    public OtlpSignal<Q, A> signal() {
        return signal;
    }

    /**
     * Validates and forwards {@code request}; the stage completes when the client may be
     * answered. Never completes exceptionally.
     */
    public CompletionStage<Answer> accept(Q request) {
        Inspection<Q> inspection;
        try {
            inspection = signal.inspector().inspect(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(refuse(RefusedException.failed("validation failed: " + e, e)));
        }
        if (inspection.rejected() > 0) {
            counters.refused().add(inspection.rejected());
        }
        if (inspection.accepted() == 0) {
            // Nothing to keep (an empty request, or every item invalid): the answer is known now.
            return CompletableFuture.completedFuture(new Answer.Accepted(signal.response(inspection)));
        }
        CompletionStage<Void> durable;
        try {
            durable = consumer.consume(inspection.kept());
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        return durable.handle((ok, failure) -> {
            if (failure == null) {
                counters.accepted().add(inspection.accepted());
                return new Answer.Accepted(signal.response(inspection));
            }
            counters.refused().add(inspection.accepted());
            return refuse(RefusedException.of(failure));
        });
    }

    /** Counts a request refused as a whole and makes its answer. */
    public Answer refuse(RefusedException reason) {
        requests.refusedRequest(reason);
        return new Answer.Refused(reason);
    }

    public ReceiverCounters counters() {
        return requests;
    }
}
