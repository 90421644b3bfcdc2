package dev.coral.agent.tools.otlpload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromHistogramTest {
    /** A scrape as {@link AgentProcess#metrics} returns it: the agent's lines, name{labels} -> value. */
    private static Map<String, Double> scrape(long le1ms, long le5ms, long le10ms, long le25ms, long inf) {
        Map<String, Double> m = new HashMap<>();
        m.put("coral_store_ack_wait_seconds_bucket{le=\"0.001\",store=\"duckdb\"}", (double) le1ms);
        m.put("coral_store_ack_wait_seconds_bucket{le=\"0.005\",store=\"duckdb\"}", (double) le5ms);
        m.put("coral_store_ack_wait_seconds_bucket{le=\"0.01\",store=\"duckdb\"}", (double) le10ms);
        m.put("coral_store_ack_wait_seconds_bucket{le=\"0.025\",store=\"duckdb\"}", (double) le25ms);
        m.put("coral_store_ack_wait_seconds_bucket{le=\"+Inf\",store=\"duckdb\"}", (double) inf);
        m.put("coral_store_ack_wait_seconds_sum{store=\"duckdb\"}", 1.5);
        m.put("coral_store_ack_wait_seconds_count{store=\"duckdb\"}", (double) inf);
        m.put("coral_store_commits_total{store=\"duckdb\"}", 12.0);
        return m;
    }

    @Test
    void quantilesOfTheDifferenceBetweenTwoScrapesInterpolateWithinTheBucketAsHistogramQuantileDoes() {
        PromHistogram before = PromHistogram.of(scrape(100, 100, 100, 100, 100), "coral_store_ack_wait_seconds");
        // In between: 100 observations, 20 up to 1 ms, 60 in (1, 5] ms, 10 in (5, 10] ms, 10 in (10, 25] ms.
        PromHistogram after = PromHistogram.of(scrape(120, 180, 190, 200, 200), "coral_store_ack_wait_seconds");

        PromHistogram window = after.minus(before);

        assertThat(window.count()).isEqualTo(100);
        // rank 50: 30 of the 60 in (1, 5] ms -> 1 + 4 * 30/60 = 3 ms
        assertThat(window.quantile(0.5)).isCloseTo(0.003, within(1e-12));
        // rank 10: half of the first bucket, which starts at 0
        assertThat(window.quantile(0.1)).isCloseTo(0.0005, within(1e-12));
        // rank 99: 9 of the 10 in (10, 25] ms -> 10 + 15 * 9/10 = 23.5 ms
        assertThat(window.quantile(0.99)).isCloseTo(0.0235, within(1e-12));
        assertThat(window.beyondFiniteBounds(0.99)).isFalse();
        // The whole history instead would put the median in the first bucket.
        assertThat(after.quantile(0.5)).isLessThan(0.001);
    }

    @Test
    void aQuantileInThePlusInfBucketIsTheLastFiniteBoundAndSaysSo() {
        PromHistogram h = PromHistogram.of(scrape(0, 0, 50, 90, 100), "coral_store_ack_wait_seconds");

        assertThat(h.quantile(0.99)).isEqualTo(0.025);
        assertThat(h.beyondFiniteBounds(0.99)).isTrue();
        assertThat(h.beyondFiniteBounds(0.9)).isFalse();
    }

    @Test
    void noObservationsGiveNaNAndAMissingHistogramIsNull() {
        PromHistogram h = PromHistogram.of(scrape(5, 5, 5, 5, 5), "coral_store_ack_wait_seconds");

        assertThat(h.minus(h).quantile(0.5)).isNaN();
        assertThat(PromHistogram.of(scrape(1, 1, 1, 1, 1), "coral_other_seconds")).isNull();
    }

    @Test
    void countsThatGoDownOrBucketsOutOfOrderAreErrors() {
        PromHistogram earlier = PromHistogram.of(scrape(10, 10, 10, 10, 10), "coral_store_ack_wait_seconds");
        PromHistogram restarted = PromHistogram.of(scrape(1, 1, 1, 1, 1), "coral_store_ack_wait_seconds");

        assertThatThrownBy(() -> restarted.minus(earlier)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("went down");
        assertThatThrownBy(() -> new PromHistogram(new double[] {0.01, 0.005, Double.POSITIVE_INFINITY}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromHistogram(new double[] {0.01}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("+Inf");
    }
}
