package dev.coral.agent.api;

import dev.coral.agent.api.telemetry.Telemetry;
import java.nio.file.Path;

/**
 * What a component is given when it is created: who it is, where it may keep files, and how
 * it reports counters and health. Available before {@link Component#start}.
 *
 * @since 0.1.0
 */
public interface ComponentContext {
    /** This component's id in {@code pipelines.conf}. */
    ComponentId id();

    ComponentKind kind();

    /** The agent this component runs in. */
    AgentInfo agent();

    /** The agent's data directory ({@code agent.data-dir}); exists and is writable. */
    Path dataDir();

    /** Counters, gauges and histograms, labelled with this component's id. */
    Telemetry telemetry();

    /** Where this component tells the runtime how it is doing. */
    StatusReporter status();

    /**
     * This component's account of in-flight data, over the agent-wide bound: receivers reserve
     * before they decode and release once they have answered.
     */
    InflightLedger inflight();
}
