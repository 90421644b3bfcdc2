package dev.coral.agent.support.otlp;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * Counts calls that gRPC itself refused for a message past max-recv-msg-size (as sent, or once
 * inflated: a gzip bomb) as {@code too_large}: those never reach the export method, so nothing
 * else would count them.
 */
final class OversizeCounter extends ServerStreamTracer.Factory {
    private final ReceiverCounters counters;

    OversizeCounter(ReceiverCounters counters) {
        this.counters = counters;
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new ServerStreamTracer() {
            @Override
            public void streamClosed(Status status) {
                if (isOversize(status)) {
                    counters.refusedRequest(ReceiverCounters.RequestRefusal.TOO_LARGE);
                }
            }
        };
    }

    /**
     * grpc-java's own size refusals: "gRPC message exceeds maximum size N: M" and "Decompressed
     * gRPC message exceeds maximum size N" (MessageDeframer). Ours carry other messages.
     */
    static boolean isOversize(Status status) {
        return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && status.getDescription() != null
                && status.getDescription().contains("exceeds maximum size");
    }
}
