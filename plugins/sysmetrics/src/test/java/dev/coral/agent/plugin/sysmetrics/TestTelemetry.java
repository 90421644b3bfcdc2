package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** Counters in a map, for driving {@link HostSampler} outside the runtime. */
final class TestTelemetry implements Telemetry {
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, Map<String, String> labels) {
        return counters.computeIfAbsent(name + new TreeMap<>(labels), k -> new Counter() {
            private final AtomicLong value = new AtomicLong();

            @Override
            public void add(long n) {
                value.addAndGet(n);
            }

            @Override
            public long value() {
                return value.get();
            }
        });
    }

    long value(String name, Map<String, String> labels) {
        Counter c = counters.get(name + new TreeMap<>(labels));
        return c == null ? 0 : c.value();
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {}
}
