package dev.coral.agent.runtime.lifecycle;

import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.Host;
import dev.coral.agent.runtime.pipeline.PipelineGraph.Node;
import dev.coral.agent.runtime.pipeline.PipelinePlan;
import dev.coral.agent.runtime.plugins.PluginSet;
import dev.coral.agent.runtime.telemetry.MetricRegistry;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import java.util.List;

/**
 * A started agent as a {@link Frontend} sees it: identity, plan, plugins, health, the components'
 * capabilities and the self-metrics. Frontends read it; only the runtime changes it.
 */
public interface RuntimeView {
    AgentInfo agent();

    PipelinePlan plan();

    List<PluginSet.LoadedPlugin> plugins();

    /** The agent's own counters and gauges; a frontend may add gauges of its own. */
    MetricRegistry metrics();

    StatusBoard status();

    /** The started components, in start order. */
    List<Node> components();

    /** Capabilities the started components offer (see {@link Host#capabilities}). */
    <Q> List<Q> capabilities(Class<Q> type);
}
