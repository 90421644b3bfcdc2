package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When groups wait for more batches: only while waiting costs the senders nothing. */
class CommitPacingTest {
    private static final long MS = 1_000_000L;
    private static final long DELAY = 50 * MS;

    private long now = 0;

    /** One epoch of {@code perSecond} groups of one batch each. */
    private void epoch(CommitPacing pacing, int perSecond) {
        for (int i = 0; i < perSecond; i++) {
            now += CommitPacing.EPOCH_NANOS / perSecond;
            pacing.written(1, now);
        }
    }

    @Test
    void zeroDelayNeverWaits() {
        CommitPacing pacing = new CommitPacing(Duration.ZERO, now);
        for (int e = 0; e < 5; e++) {
            epoch(pacing, 100);
            assertThat(pacing.deadline(now)).isEqualTo(now);
        }
    }

    @Test
    void startsEagerThenGathersWhenArrivalsDoNotSlowDown() {
        CommitPacing pacing = new CommitPacing(Duration.ofMillis(50), now);
        assertThat(pacing.deadline(now)).isEqualTo(now);
        epoch(pacing, 100); // eager probe
        assertThat(pacing.gathering()).isTrue();
        epoch(pacing, 100); // gather probe: as many batches arrived (many independent senders)
        assertThat(pacing.gathering()).isTrue();
        assertThat(pacing.deadline(now)).isEqualTo(now + DELAY);
    }

    @Test
    void aSenderThatWaitsForEachAnswerTurnsGatheringOff() {
        CommitPacing pacing = new CommitPacing(Duration.ofMillis(50), now);
        epoch(pacing, 250); // one closed-loop sender, answered at once
        epoch(pacing, 20);  // the same sender held 50 ms per batch
        assertThat(pacing.gathering()).isFalse();
        assertThat(pacing.deadline(now)).isEqualTo(now);
    }

    @Test
    void probesAgainAfterSettling() {
        CommitPacing pacing = new CommitPacing(Duration.ofMillis(50), now);
        epoch(pacing, 100);
        epoch(pacing, 100);
        for (int e = 0; e < CommitPacing.SETTLE_EPOCHS - 1; e++) {
            epoch(pacing, 100);
            assertThat(pacing.gathering()).isTrue();
        }
        epoch(pacing, 100);
        assertThat(pacing.gathering()).as("the eager probe of the next round").isFalse();
        epoch(pacing, 250);
        epoch(pacing, 20);
        assertThat(pacing.gathering()).as("the load changed to a closed-loop sender").isFalse();
    }

    @Test
    void anEpochWithAPauseIsMeasuredAgain() {
        CommitPacing pacing = new CommitPacing(Duration.ofMillis(50), now);
        pacing.written(1, now += 10 * MS); // the first sample at start, then nothing for seconds
        pacing.written(1, now += 5 * CommitPacing.EPOCH_NANOS);
        assertThat(pacing.gathering()).as("still the eager probe").isFalse();
        epoch(pacing, 250); // now the eager probe measures the real sender
        epoch(pacing, 20);
        assertThat(pacing.gathering()).isFalse();
    }

    @Test
    void aChangedArrivalRateProbesAgainBeforeTheRoundEnds() {
        CommitPacing pacing = new CommitPacing(Duration.ofMillis(50), now);
        epoch(pacing, 100);
        epoch(pacing, 100);
        assertThat(pacing.gathering()).isTrue();
        epoch(pacing, 20); // a quarter of the settled rate
        assertThat(pacing.gathering()).as("probing eagerly at once").isFalse();
    }
}
