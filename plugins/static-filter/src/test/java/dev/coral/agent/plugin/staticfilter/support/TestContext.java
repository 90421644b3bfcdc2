package dev.coral.agent.plugin.staticfilter.support;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.InflightBudget;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Instant;

/** A processor's context for unit tests: only its telemetry matters to the static filter. */
public final class TestContext implements ComponentContext {
    private final TestTelemetry telemetry = new TestTelemetry();

    @Override
    public ComponentId id() {
        return new ComponentId("static-filter", "");
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.PROCESSOR;
    }

    @Override
    public AgentInfo agent() {
        return new AgentInfo("test-agent", "0.1.0-test", Instant.now());
    }

    @Override
    public Path dataDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    public TestTelemetry counters() {
        return telemetry;
    }

    @Override
    public StatusReporter status() {
        return (health, message) -> {};
    }

    @Override
    public InflightBudget inflight() {
        throw new UnsupportedOperationException("processors do not reserve in-flight bytes");
    }
}
