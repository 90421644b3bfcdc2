package dev.coral.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RefusedExceptionTest {
    @Test
    void findsTheRefusalInACauseChain() {
        RefusedException overloaded = RefusedException.overloaded("queue full", Duration.ofSeconds(2));
        RefusedException found = RefusedException.of(new CompletionException(overloaded));
        assertThat(found).isSameAs(overloaded);
        assertThat(found.reason().retryable()).isTrue();
        assertThat(found.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anyOtherFailureIsAFailedRefusal() {
        RefusedException r = RefusedException.of(new IllegalStateException("disk full"));
        assertThat(r.reason()).isEqualTo(RefusedException.Reason.FAILED);
        assertThat(r.reason().retryable()).isFalse();
        assertThat(r).hasMessage("disk full");
    }
}
