package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How values become OTLP: gauges, cumulative sums with start times, deltas, resets. */
class SampleTest {
    private static final long AGENT_START = 500;
    private final SeriesMemory series = new SeriesMemory(AGENT_START);
    private final ProblemLog problems = new ProblemLog("test");

    @Test
    void busyCountersGetADeltaFromTheSecondSampleOn() {
        List<Metric> first = sample(1_000, s -> s.record(HostMetric.DISK_IO_READ, 100L, "device", "sda"));
        assertThat(first).singleElement().satisfies(m -> {
            assertThat(m.getSum().getAggregationTemporality())
                    .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            assertThat(m.getSum().getIsMonotonic()).isTrue();
            assertThat(m.getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(AGENT_START);
            assertThat(m.getUnit()).isEqualTo("bytes");
        });
        List<Metric> second = sample(2_000, s -> s.record(HostMetric.DISK_IO_READ, 250L, "device", "sda"));
        assertThat(second).hasSize(2);
        Metric delta = second.get(1);
        assertThat(delta.getName()).isEqualTo("system.disk.io.read");
        assertThat(delta.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        assertThat(delta.getSum().getDataPoints(0).getAsInt()).isEqualTo(150);
        assertThat(delta.getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(1_000);
        assertThat(delta.getSum().getDataPoints(0).getTimeUnixNano()).isEqualTo(2_000);
        assertThat(delta.getSum().getDataPoints(0).getAttributes(0).getKey()).isEqualTo("device");
    }

    @Test
    void aCounterThatGoesBackwardsRestartsWithANewStartAndNoDelta() {
        sample(1_000, s -> s.record(HostMetric.NETWORK_IO_RECEIVE, 900L, "interface", "veth1"));
        List<Metric> reset = sample(2_000, s -> s.record(HostMetric.NETWORK_IO_RECEIVE, 10L, "interface", "veth1"));
        assertThat(reset).singleElement().satisfies(m ->
                assertThat(m.getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(1_000));
        List<Metric> after = sample(3_000, s -> s.record(HostMetric.NETWORK_IO_RECEIVE, 30L, "interface", "veth1"));
        assertThat(after.get(0).getSum().getDataPoints(0).getStartTimeUnixNano()).isEqualTo(1_000);
        assertThat(after.get(1).getSum().getDataPoints(0).getAsInt()).isEqualTo(20);
    }

    @Test
    void deltasCanBeSwitchedOffAndPlainCountersNeverHaveThem() {
        Sample s1 = new Sample(1_000, series, false, problems);
        series.beginSample();
        s1.record(HostMetric.DISK_IO_READ, 1L);
        s1.record(HostMetric.NETWORK_PACKETS_RECEIVE, 1L, "interface", "eth0");
        series.endSample();
        series.beginSample();
        Sample s2 = new Sample(2_000, series, false, problems);
        s2.record(HostMetric.DISK_IO_READ, 5L);
        s2.record(HostMetric.NETWORK_PACKETS_RECEIVE, 5L, "interface", "eth0");
        series.endSample();
        assertThat(s2.metrics()).hasSize(2).allSatisfy(m -> assertThat(m.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
    }

    @Test
    void seriesThatDisappearAreForgotten() {
        sample(1_000, s -> s.record(HostMetric.NETWORK_IO_RECEIVE, 1L, "interface", "veth-gone"));
        assertThat(series.size()).isOne();
        for (int i = 0; i <= SeriesMemory.MAX_MISSED_SAMPLES; i++) {
            sample(2_000 + i, s -> s.record(HostMetric.MEMORY_USAGE, 1L));
        }
        assertThat(series.size()).isZero();
    }

    @Test
    void gaugesHaveNoStartTimeAndKeepFractions() {
        List<Metric> m = sample(1_000, s -> s.record(HostMetric.CPU_UTILIZATION, 12.5));
        assertThat(m).singleElement().satisfies(g -> {
            assertThat(g.hasGauge()).isTrue();
            assertThat(g.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(12.5);
            assertThat(g.getGauge().getDataPoints(0).getStartTimeUnixNano()).isZero();
            assertThat(g.getUnit()).isEqualTo("percent");
        });
    }

    private List<Metric> sample(long time, java.util.function.Consumer<Sample> body) {
        series.beginSample();
        Sample s = new Sample(time, series, true, problems);
        body.accept(s);
        series.endSample();
        return s.metrics();
    }
}
