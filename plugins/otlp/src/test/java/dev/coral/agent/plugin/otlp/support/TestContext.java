package dev.coral.agent.plugin.otlp.support;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.InflightBudget;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A component context for tests (the runtime's one is not available to plugins' tests). */
public final class TestContext implements ComponentContext {
    private final TestTelemetry telemetry = new TestTelemetry();
    private final TestBudget budget;
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private final Path dataDir;

    public TestContext(Path dataDir, long budgetBytes) {
        this.dataDir = dataDir;
        this.budget = new TestBudget(budgetBytes);
    }

    @Override
    public ComponentId id() {
        return new ComponentId("otlp", "");
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.RECEIVER;
    }

    @Override
    public AgentInfo agent() {
        return new AgentInfo("test-agent", "0.1.0-test", Instant.now());
    }

    @Override
    public Path dataDir() {
        return dataDir;
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
        return (health, message) -> statuses.add(health + ": " + message);
    }

    public List<String> statuses() {
        return statuses;
    }

    @Override
    public InflightBudget inflight() {
        return budget;
    }

    public TestBudget budget() {
        return budget;
    }
}
