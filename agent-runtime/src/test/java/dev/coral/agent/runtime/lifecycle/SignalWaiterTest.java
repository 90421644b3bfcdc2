package dev.coral.agent.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.runtime.lifecycle.SignalWaiter.Request;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What signals ask of the run loop; the handlers call these methods (the real signals: ReloadIT in dist). */
class SignalWaiterTest {
    private final List<Integer> halted = new CopyOnWriteArrayList<>();
    private final SignalWaiter signals = new SignalWaiter(halted::add);

    @Test
    void theLoopWaitsForARequest() throws Exception {
        CompletableFuture<Request> next = CompletableFuture.supplyAsync(this::next);
        signals.requestReload();
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(Request.RELOAD);
    }

    @Test
    void reloadsRequestedWhileTheLoopIsBusyCollapseIntoOne() throws Exception {
        signals.requestReload();
        signals.requestReload();
        signals.requestReload();
        assertThat(signals.next()).isEqualTo(Request.RELOAD);
        signals.requestStop();
        assertThat(signals.next()).as("no second reload was pending").isEqualTo(Request.STOP);
    }

    @Test
    void aStopWinsOverAPendingReloadAndStays() throws Exception {
        signals.requestReload();
        signals.requestStop();
        assertThat(signals.next()).isEqualTo(Request.STOP);
        assertThat(signals.next()).isEqualTo(Request.STOP);
        assertThat(halted).isEmpty();
    }

    @Test
    void aSecondStopExitsAtOnceWith130() {
        signals.requestStop();
        signals.requestStop();
        assertThat(halted).containsExactly(130);
    }

    private Request next() {
        try {
            return signals.next();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
