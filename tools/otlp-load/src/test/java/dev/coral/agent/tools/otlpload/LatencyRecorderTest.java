package dev.coral.agent.tools.otlpload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void nearestRankQuantilesInMillisecondsOfWhatWasRecordedSinceTheReset() {
        LatencyRecorder r = new LatencyRecorder(1000);
        r.record(999_000_000L); // warm-up: gone after the reset
        r.reset();
        for (int ms = 100; ms >= 1; ms--) {
            r.record(ms * 1_000_000L);
        }

        LatencyRecorder.Quantiles q = r.quantiles();

        assertThat(q.samples()).isEqualTo(100);
        assertThat(q.p50Ms()).isEqualTo(50.0);
        assertThat(q.p99Ms()).isEqualTo(99.0);
        assertThat(q.maxMs()).isEqualTo(100.0);
    }

    @Test
    void pastItsCapacityItCountsWithoutKeeping() {
        LatencyRecorder r = new LatencyRecorder(2);
        r.record(1_000_000L);
        r.record(3_000_000L);
        r.record(2_000_000L);

        LatencyRecorder.Quantiles q = r.quantiles();

        assertThat(q.samples()).isEqualTo(2);
        assertThat(q.unkept()).isEqualTo(1);
        assertThat(q.maxMs()).isEqualTo(3.0);
    }
}
