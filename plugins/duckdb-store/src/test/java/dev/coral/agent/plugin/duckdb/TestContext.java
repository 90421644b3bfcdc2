package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.InflightBudget;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** A component context outside the runtime: counters and status reports kept for assertions. */
final class TestContext implements ComponentContext {
    /** One status report. */
    record Report(StatusReporter.Health health, String message) {}

    private final Path dataDir;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final List<Report> reports = new CopyOnWriteArrayList<>();

    TestContext(Path dataDir) {
        this.dataDir = dataDir;
    }

    long counter(String name) {
        AtomicLong v = counters.get(name);
        return v == null ? 0 : v.get();
    }

    double gauge(String name) {
        return gauges.get(name).getAsDouble();
    }

    List<Report> reports() {
        return reports;
    }

    @Override
    public ComponentId id() {
        return ComponentId.parse("duckdb");
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.STORE;
    }

    @Override
    public AgentInfo agent() {
        return new AgentInfo("test-agent", "test", Instant.now());
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Telemetry telemetry() {
        return new Telemetry() {
            @Override
            public Counter counter(String name, String help, Map<String, String> labels) {
                AtomicLong v = counters.computeIfAbsent(name, k -> new AtomicLong());
                return new Counter() {
                    @Override
                    public void add(long n) {
                        v.addAndGet(n);
                    }

                    @Override
                    public long value() {
                        return v.get();
                    }
                };
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
                gauges.put(name, value);
            }
        };
    }

    @Override
    public StatusReporter status() {
        return (health, message) -> reports.add(new Report(health, message));
    }

    @Override
    public InflightBudget inflight() {
        return new InflightBudget() {
            @Override
            public boolean tryAcquire(long bytes) {
                return true;
            }

            @Override
            public void release(long bytes) {}

            @Override
            public long inUse() {
                return 0;
            }

            @Override
            public long limit() {
                return Long.MAX_VALUE;
            }
        };
    }
}
