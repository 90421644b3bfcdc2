package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.telemetry.Telemetry;
import dev.coral.agent.runtime.telemetry.ComponentTelemetry;
import dev.coral.agent.runtime.telemetry.MetricRegistry;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import java.nio.file.Path;

/** What the runtime offers every component; hands out each component's {@link ComponentContext}. */
public record RuntimeServices(AgentInfo agent, Path dataDir, MetricRegistry metrics, StatusBoard status,
        InflightLedgers inflight) {

    public ComponentContext contextFor(ComponentKind kind, ComponentId id) {
        return new Context(kind, id, this, new ComponentTelemetry(metrics, kind, id), status.reporterFor(kind, id),
                inflight.forComponent());
    }

    private record Context(ComponentKind kind, ComponentId id, RuntimeServices services, Telemetry telemetry,
            StatusReporter status, InflightLedger inflight) implements ComponentContext {
        @Override
        public AgentInfo agent() {
            return services.agent;
        }

        @Override
        public Path dataDir() {
            return services.dataDir;
        }
    }
}
