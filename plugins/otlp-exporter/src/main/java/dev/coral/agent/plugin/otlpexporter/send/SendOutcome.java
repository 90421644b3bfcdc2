package dev.coral.agent.plugin.otlpexporter.send;

import dev.coral.agent.plugin.otlpexporter.send.ExportedSignal.Rejected;
import java.time.Duration;
import java.util.Optional;

/** How one attempt to send a request ended, classified as the OTLP specification says. */
public sealed interface SendOutcome {
    /** The upstream took the request; it may have rejected some items ({@code partial_success}). */
    record Accepted(Optional<Rejected> partial) implements SendOutcome {}

    /** Worth another attempt: UNAVAILABLE, RESOURCE_EXHAUSTED with RetryInfo, 429/502/503/504, no connection. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements SendOutcome {}

    /** Sending the same request again cannot help (400, INVALID_ARGUMENT, ...): it is dropped. */
    record Permanent(String reason) implements SendOutcome {}

    static SendOutcome accepted() {
        return new Accepted(Optional.empty());
    }
}
