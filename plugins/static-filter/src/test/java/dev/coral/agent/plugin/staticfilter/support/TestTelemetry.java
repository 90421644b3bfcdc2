package dev.coral.agent.plugin.staticfilter.support;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** Counters kept in a map, readable by name and labels. */
public final class TestTelemetry implements Telemetry {
    private final Map<String, TestCounter> counters = new ConcurrentHashMap<>();

    private static String key(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
    }

    @Override
    public Counter counter(String name, String help, Map<String, String> labels) {
        return counters.computeIfAbsent(key(name, labels), k -> new TestCounter());
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {}

    /** The value of a counter, 0 when it was never created. */
    public long value(String name, Map<String, String> labels) {
        TestCounter c = counters.get(key(name, labels));
        return c == null ? 0 : c.value();
    }

    public long value(String name) {
        return value(name, Map.of());
    }

    private static final class TestCounter implements Counter {
        private final LongAdder value = new LongAdder();

        @Override
        public void add(long n) {
            value.add(n);
        }

        @Override
        public long value() {
            return value.sum();
        }
    }
}
