package dev.coral.agent.support.otlp;

import com.google.protobuf.Message;
import dev.coral.agent.api.RefusedException;

/** How a request ends, whatever the transport: an export response, or a refusal to map to a status. */
sealed interface Answer {
    /** Kept (perhaps partly: the response then carries {@code partial_success}). */
    record Accepted(Message response) implements Answer {}

    /** Not kept; the reason says whether and when to retry. */
    record Refused(RefusedException reason) implements Answer {}
}
