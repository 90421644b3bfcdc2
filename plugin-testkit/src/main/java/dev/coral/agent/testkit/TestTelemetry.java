package dev.coral.agent.testkit;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Counters, gauges and histograms kept in memory, readable by name and labels, so a test can assert what a
 * component counted. As the runtime's, asking twice for the same name and labels returns the
 * same counter.
 */
public final class TestTelemetry implements Telemetry {
    private final Map<String, Map<Map<String, String>, Counter>> counters = new ConcurrentHashMap<>();
    private final Map<String, Map<Map<String, String>, DoubleSupplier>> gauges = new ConcurrentHashMap<>();
    private final Map<String, Map<Map<String, String>, TestHistogram>> histograms = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, Map<String, String> labels) {
        return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(new TreeMap<>(labels), l -> Counter.inMemory());
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
        gauges.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(new TreeMap<>(labels), value);
    }

    @Override
    public Histogram histogram(String name, String help, Map<String, String> labels, List<Double> bounds) {
        return histograms.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(new TreeMap<>(labels), l -> new TestHistogram());
    }

    /** The histogram with exactly these labels; fails when it was never created. */
    public Histogram histogram(String name, Map<String, String> labels) {
        Histogram h = histograms.getOrDefault(name, Map.of()).get(new TreeMap<>(labels));
        if (h == null) {
            throw new NoSuchElementException("no histogram " + name + labels + "; registered: " + histograms.keySet());
        }
        return h;
    }

    /** The counter with exactly these labels; 0 when it was never created. */
    public long value(String name, Map<String, String> labels) {
        Counter c = counters.getOrDefault(name, Map.of()).get(new TreeMap<>(labels));
        return c == null ? 0 : c.value();
    }

    /** The counter without labels; 0 when it was never created. */
    public long value(String name) {
        return value(name, Map.of());
    }

    /** The sum of the counters of this name, whatever their labels. */
    public long sum(String name) {
        return counters.getOrDefault(name, Map.of()).values().stream().mapToLong(Counter::value).sum();
    }

    /** The gauge with exactly these labels, read now. */
    public double gauge(String name, Map<String, String> labels) {
        DoubleSupplier g = gauges.getOrDefault(name, Map.of()).get(new TreeMap<>(labels));
        if (g == null) {
            throw new NoSuchElementException("no gauge " + name + labels + "; registered: " + gauges.keySet());
        }
        return g.getAsDouble();
    }

    /** The gauge without labels, read now. */
    public double gauge(String name) {
        return gauge(name, Map.of());
    }

    private static final class TestHistogram implements Histogram {
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        @Override
        public void record(double value) {
            count.increment();
            sum.add(value);
        }

        @Override
        public long count() {
            return count.sum();
        }

        @Override
        public double sum() {
            return sum.sum();
        }
    }
}
