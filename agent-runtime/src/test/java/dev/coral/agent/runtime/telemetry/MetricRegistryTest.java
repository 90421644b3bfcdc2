package dev.coral.agent.runtime.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.telemetry.Histogram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {
    @Test
    void histogramsAreExposedAsCumulativeBucketsWithSumAndCount() {
        MetricRegistry registry = new MetricRegistry();
        Histogram h = registry.histogram("coral_wait_seconds", "Waits", Map.of("store", "duckdb"),
                List.of(0.01, 0.1, 1.0));
        for (double v : new double[] {0.005, 0.01, 0.05, 0.5, 3.0}) {
            h.record(v);
        }

        assertThat(registry.histogram("coral_wait_seconds", "Waits", Map.of("store", "duckdb"), List.of(0.01, 0.1, 1.0)))
                .as("asking again returns the same histogram").isSameAs(h);
        assertThat(h.count()).isEqualTo(5);
        assertThat(registry.scrape()).contains("""
                # HELP coral_wait_seconds Waits
                # TYPE coral_wait_seconds histogram
                coral_wait_seconds_bucket{le="0.01",store="duckdb"} 2
                coral_wait_seconds_bucket{le="0.1",store="duckdb"} 3
                coral_wait_seconds_bucket{le="1",store="duckdb"} 4
                coral_wait_seconds_bucket{le="+Inf",store="duckdb"} 5
                coral_wait_seconds_sum{store="duckdb"} 3.565
                coral_wait_seconds_count{store="duckdb"} 5
                """);
    }

    @Test
    void histogramBoundsMustAscendAndNamesKeepOneType() {
        MetricRegistry registry = new MetricRegistry();
        assertThatThrownBy(() -> registry.histogram("h", "", Map.of(), List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
        registry.counter("c", "", Map.of());
        assertThatThrownBy(() -> registry.histogram("c", "", Map.of(), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already a counter");
        assertThat(registry.counterTotals()).containsOnlyKeys("c");
    }
}
