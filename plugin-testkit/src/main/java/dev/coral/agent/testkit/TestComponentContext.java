package dev.coral.agent.testkit;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.StatusReporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A component's context outside the runtime, for a plugin's unit tests: its counters, gauges
 * and status reports are kept for assertions. Build one with {@link #builder}.
 */
public final class TestComponentContext implements ComponentContext {
    /** One status report, as the component made it. */
    public record StatusReport(StatusReporter.Health health, String message) {
        @Override
        public String toString() {
            return health + ": " + message;
        }
    }

    private final ComponentId id;
    private final ComponentKind kind;
    private final Path dataDir;
    private final AgentInfo agent = new AgentInfo("test-agent", "0.0.0-test", Instant.now());
    private final TestTelemetry telemetry = new TestTelemetry();
    private final TestInflightLedger inflight;
    private final List<StatusReport> reports = new CopyOnWriteArrayList<>();

    private TestComponentContext(Builder b) {
        this.id = b.id;
        this.kind = b.kind;
        this.dataDir = b.dataDir;
        this.inflight = new TestInflightLedger(b.inflightLimit);
    }

    /** A context for the component {@code id} ("type" or "type/name") of this kind. */
    public static Builder builder(ComponentKind kind, String id) {
        return new Builder(kind, ComponentId.parse(id));
    }

    @Override
    public ComponentId id() {
        return id;
    }

    @Override
    public ComponentKind kind() {
        return kind;
    }

    @Override
    public AgentInfo agent() {
        return agent;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public TestTelemetry telemetry() {
        return telemetry;
    }

    @Override
    public StatusReporter status() {
        return (health, message) -> reports.add(new StatusReport(health, message));
    }

    /** Every status report so far, oldest first. */
    public List<StatusReport> reports() {
        return reports;
    }

    @Override
    public TestInflightLedger inflight() {
        return inflight;
    }

    /** Builds a {@link TestComponentContext}. */
    public static final class Builder {
        private final ComponentKind kind;
        private final ComponentId id;
        private Path dataDir = Path.of(System.getProperty("java.io.tmpdir"));
        private long inflightLimit = Long.MAX_VALUE;

        private Builder(ComponentKind kind, ComponentId id) {
            this.kind = Objects.requireNonNull(kind);
            this.id = id;
        }

        /** The agent's data directory the component sees (default: the JVM's temporary directory). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir);
            return this;
        }

        /** The in-flight budget's limit in bytes (default: unlimited); changeable later. */
        public Builder inflightLimit(long bytes) {
            this.inflightLimit = bytes;
            return this;
        }

        public TestComponentContext build() {
            return new TestComponentContext(this);
        }
    }
}
