package dev.coral.agent.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.RefusedException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InflightLedgersTest {
    private static final long LIMIT = 6400; // a 64th: 100; the kept eighth: 800

    @Test
    void theLastEighthIsKeptForSmallRequests() {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        InflightLedger.Ticket big = agent.reserve(5000);
        assertRefused(() -> agent.reserve(1000), RefusedException.Reason.OVERLOADED);
        assertRefused(() -> agent.checkRoom(1000), RefusedException.Reason.OVERLOADED);
        agent.checkRoom(100);
        InflightLedger.Ticket small = agent.reserve(100);
        assertThat(agent.inUse()).isEqualTo(5100);
        big.close();
        small.close();
        assertThat(agent.inUse()).isZero();
    }

    @Test
    void aRequestAloneInFlightIsAdmittedWhateverItsSize() {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        try (InflightLedger.Ticket huge = agent.reserve(10 * LIMIT)) {
            assertThat(huge.bytes()).isEqualTo(10 * LIMIT);
            assertRefused(() -> agent.reserve(200), RefusedException.Reason.OVERLOADED);
        }
    }

    @Test
    void growKeepsTheTicketOnRefusalAndResizeJudgesTheRequestAsNew() {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        InflightLedger.Ticket other = agent.reserve(5000);
        InflightLedger.Ticket body = agent.reserve(0);
        body.grow(500);
        assertRefused(() -> body.grow(500), RefusedException.Reason.OVERLOADED);
        assertThat(body.bytes()).isEqualTo(500);
        assertThat(agent.inUse()).isEqualTo(5500);

        assertRefused(() -> body.resize(4000), RefusedException.Reason.OVERLOADED);
        assertThat(body.bytes()).isZero();
        assertThat(agent.inUse()).isEqualTo(5000);
        other.close();
        body.resize(4000);
        assertThat(agent.inUse()).isEqualTo(4000);
        body.close();
        body.close();
        assertThat(agent.inUse()).isZero();
        assertThat(agent.open()).isZero();
    }

    @Test
    void componentsShareTheBoundAndRefuseOnceClosed() {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        InflightLedger otlp = agent.forComponent();
        InflightLedger beyla = agent.forComponent();
        InflightLedger.Ticket held = otlp.reserve(5000);
        assertRefused(() -> beyla.reserve(1000), RefusedException.Reason.OVERLOADED);
        assertThat(agent.open()).isEqualTo(1);

        otlp.close();
        assertThat(assertRefused(() -> otlp.reserve(1), RefusedException.Reason.UNAVAILABLE))
                .hasMessageContaining("receiver is shutting down");
        beyla.reserve(1).close();

        agent.close();
        assertThat(assertRefused(() -> agent.reserve(0), RefusedException.Reason.UNAVAILABLE))
                .hasMessageContaining("agent is shutting down");
        assertThat(assertRefused(() -> beyla.reserve(1), RefusedException.Reason.UNAVAILABLE))
                .hasMessageContaining("agent is shutting down");
        assertThat(beyla.isClosed()).isTrue();
        // Tickets taken before the close stay valid until returned.
        assertThat(agent.inUse()).isEqualTo(5000);
        held.close();
        assertThat(agent.inUse()).isZero();
        assertThat(agent.open()).isZero();
    }

    @Test
    void awaitIdleWakesWhenTheLastTicketClosesWithoutPolling() throws Exception {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        InflightLedger receiver = agent.forComponent();
        InflightLedger.Ticket ticket = receiver.reserve(10);
        AtomicBoolean receiverIdle = new AtomicBoolean();
        AtomicBoolean agentIdle = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                receiverIdle.set(receiver.awaitIdle(Duration.ofSeconds(30)));
                agentIdle.set(agent.awaitIdle(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        long waitsBefore = threads.getThreadInfo(waiter.threadId()).getWaitedCount();
        Thread.sleep(300);
        long waitsDuring = threads.getThreadInfo(waiter.threadId()).getWaitedCount() - waitsBefore;
        assertThat(waiter.isAlive()).isTrue();
        // A sleep-poll would have woken up about every few milliseconds.
        assertThat(waitsDuring).as("wake-ups while nothing changed").isLessThanOrEqualTo(1);

        long closedAt = System.nanoTime();
        ticket.close();
        waiter.join(Duration.ofSeconds(5));
        assertThat(waiter.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(receiverIdle).isTrue();
        assertThat(agentIdle).isTrue();
    }

    @Test
    void awaitIdleGivesUpAtItsTimeout() throws Exception {
        InflightLedgers agent = new InflightLedgers(LIMIT);
        InflightLedger.Ticket stuck = agent.reserve(1);
        long start = System.nanoTime();
        assertThat(agent.awaitIdle(Duration.ofMillis(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(190), Duration.ofSeconds(5));
        stuck.close();
        assertThat(agent.awaitIdle(Duration.ZERO)).isTrue();
    }

    private static RefusedException assertRefused(Runnable call, RefusedException.Reason reason) {
        try {
            call.run();
        } catch (RefusedException e) {
            assertThat(e.reason()).isEqualTo(reason);
            return e;
        }
        throw new AssertionError("expected a refusal: " + reason);
    }
}
