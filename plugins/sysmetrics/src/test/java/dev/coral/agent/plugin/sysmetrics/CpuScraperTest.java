package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuScraperTest {
    // user, nice, system, idle, iowait, irq, softirq, steal (milliseconds)
    private final Deque<long[]> ticks = new ArrayDeque<>();
    private final CpuScraper scraper = new CpuScraper(ticks::removeFirst);
    private final SeriesMemory series = new SeriesMemory(1);
    private long time = 1_000;

    @Test
    void utilizationIsBusyShareOfTicksSinceThePreviousSample() {
        ticks.add(new long[] {1000, 0, 500, 8000, 500, 0, 0, 0});
        ticks.add(new long[] {1600, 0, 900, 8800, 700, 0, 0, 0}); // +600 user +400 sys +800 idle +200 iowait
        assertThat(utilization(sample())).as("no previous sample, no utilization").isEmpty();
        List<Metric> second = sample();
        assertThat(utilization(second).orElseThrow()).isCloseTo(50.0, within(1e-9));
        assertThat(point(second, "system.cpu.time", "user").getAsDouble()).isEqualTo(1.6);
        assertThat(point(second, "system.cpu.time", null).getAsDouble()).isEqualTo(12.0);
    }

    @Test
    void aCounterStepBackwardsIsHeldSoCpuTimeNeverDecreases() {
        ticks.add(new long[] {1000, 0, 500, 8000, 500, 0, 0, 0});
        ticks.add(new long[] {1100, 0, 550, 8100, 480, 0, 0, 0}); // iowait stepped back by 20
        sample();
        List<Metric> second = sample();
        assertThat(point(second, "system.cpu.time", "iowait").getAsDouble()).isEqualTo(0.5);
        assertThat(point(second, "system.cpu.time", null).getAsDouble()).isEqualTo(10.25);
        assertThat(utilization(second).orElseThrow()).isCloseTo(60.0, within(1e-9)); // (100+50) / 250
    }

    @Test
    void noTickElapsedGivesNoUtilizationRatherThanZero() {
        ticks.add(new long[] {1000, 0, 500, 8000, 500, 0, 0, 0});
        ticks.add(new long[] {1000, 0, 500, 8000, 500, 0, 0, 0});
        sample();
        assertThat(utilization(sample())).isEmpty();
    }

    private List<Metric> sample() {
        series.beginSample();
        Sample s = new Sample(time += 1_000, series, true, new ProblemLog("test"));
        scraper.scrape(s);
        series.endSample();
        return s.metrics();
    }

    private static Optional<Double> utilization(List<Metric> metrics) {
        return metrics.stream().filter(m -> m.getName().equals("system.cpu.utilization"))
                .map(m -> m.getGauge().getDataPoints(0).getAsDouble()).findFirst();
    }

    private static NumberDataPoint point(List<Metric> metrics, String name, String state) {
        return metrics.stream().filter(m -> m.getName().equals(name)).flatMap(m -> m.getSum().getDataPointsList().stream())
                .filter(p -> state == null ? p.getAttributesCount() == 0
                        : p.getAttributesCount() == 1 && p.getAttributes(0).getValue().getStringValue().equals(state))
                .findFirst().orElseThrow();
    }
}
