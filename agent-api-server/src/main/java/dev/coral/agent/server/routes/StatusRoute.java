package dev.coral.agent.server.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coral.agent.api.AgentInfo;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.StatusReporter;
import dev.coral.agent.api.query.StorageStats;
import dev.coral.agent.server.data.ApiData;
import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import dev.coral.agent.server.v1.PlatformInfo;
import dev.coral.agent.runtime.config.PipelinesConfig.Pipeline;
import dev.coral.agent.runtime.config.PipelinesConfig.Ref;
import dev.coral.agent.runtime.lifecycle.RuntimeView;
import dev.coral.agent.runtime.pipeline.PipelineGraph.Node;
import dev.coral.agent.runtime.pipeline.PipelinePlan.Planned;
import dev.coral.agent.runtime.plugins.PluginSet.LoadedPlugin;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /status}: what a person debugging the agent wants on one page, as JSON: identity
 * and uptime, the API's addresses, plugins, each pipeline and component with its health, the
 * local databases (size, rows per table, session id), every counter's total and the runtime's
 * gauges (queue depths, memory).
 */
public final class StatusRoute implements Route {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RuntimeView runtime;
    private final AgentInfo agent;
    private final PlatformInfo platform;
    private final ApiData data;
    private final Supplier<List<InetSocketAddress>> listening;
    private final Clock clock;

    public StatusRoute(RuntimeView runtime, AgentInfo agent, PlatformInfo platform, ApiData data,
            Supplier<List<InetSocketAddress>> listening, Clock clock) {
        this.runtime = runtime;
        this.agent = agent;
        this.platform = platform;
        this.data = data;
        this.listening = listening;
        this.clock = clock;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        byte[] body = JSON.writeValueAsBytes(report());
        Replies.send(exchange, 200, Replies.JSON, body);
    }

    ObjectNode report() {
        ObjectNode root = JSON.createObjectNode();
        root.put("agent_id", agent.agentId());
        root.put("version", agent.version());
        root.put("started_at", agent.startedAt().toString());
        root.put("uptime_seconds", Math.max(0, clock.millis() - agent.startedAt().toEpochMilli()) / 1000);
        ObjectNode host = root.putObject("host");
        host.put("os", platform.getOs());
        host.put("arch", platform.getArch());
        host.put("os_version", platform.getOsVersion());
        host.put("kernel", platform.getKernel());
        host.put("java", Runtime.version().toString());
        host.put("pid", ProcessHandle.current().pid());
        ArrayNode listen = root.putObject("api").putArray("listen");
        for (InetSocketAddress a : listening.get()) {
            listen.add(a.getHostString() + ":" + a.getPort());
        }
        plugins(root.putArray("plugins"));
        pipelines(root.putArray("pipelines"));
        overall(root);
        components(root.putArray("components"));
        storage(root.putArray("storage"));
        ObjectNode counters = root.putObject("counters");
        runtime.metrics().counterTotals().forEach(counters::put);
        gauges(root.putObject("gauges"));
        return root;
    }

    private void plugins(ArrayNode out) {
        for (LoadedPlugin p : runtime.plugins()) {
            ObjectNode n = out.addObject();
            n.put("id", p.id());
            n.put("version", p.version());
            n.put("state", p.state());
            if (!p.problem().isEmpty()) {
                n.put("problem", p.problem());
            }
            ArrayNode types = n.putArray("components");
            p.componentTypes().forEach(types::add);
        }
    }

    private void pipelines(ArrayNode out) {
        for (Pipeline p : runtime.plan().pipelines()) {
            ObjectNode n = out.addObject();
            n.put("name", p.name());
            n.put("signal", p.signal().name());
            for (ComponentKind kind : ComponentKind.values()) {
                ArrayNode ids = n.putArray(kind.section());
                for (Ref r : p.refs(kind)) {
                    ids.add(r.id().toString());
                }
            }
        }
    }

    /**
     * {@code health}: OK, or the worst health of any component, and {@code problems}: each
     * component that is not OK, with its reason, so the first lines tell whether to look further.
     */
    private void overall(ObjectNode root) {
        StatusReporter.Health worst = StatusReporter.Health.OK;
        ArrayNode problems = JSON.createArrayNode();
        for (var e : new TreeMap<>(runtime.status().snapshot()).entrySet()) {
            StatusReporter.Health h = e.getValue().health();
            if (h == StatusReporter.Health.DEGRADED || h == StatusReporter.Health.FAILED) {
                problems.add(e.getKey() + ": " + h + ": " + e.getValue().message());
                if (worst != StatusReporter.Health.FAILED) {
                    worst = h;
                }
            }
        }
        root.put("health", worst.name());
        root.set("problems", problems);
    }

    /** One entry per component (a processor appears once, however many pipelines use it). */
    private void components(ArrayNode out) {
        Map<String, StatusBoard.Entry> health = runtime.status().snapshot();
        Set<String> seen = new HashSet<>();
        for (Node node : runtime.components()) {
            String key = node.kind().word() + ":" + node.id();
            if (!seen.add(key)) {
                continue;
            }
            ObjectNode n = out.addObject();
            n.put("kind", node.kind().word());
            n.put("id", node.id().toString());
            Planned planned = runtime.plan().component(node.kind(), node.id());
            if (planned != null) {
                n.put("plugin", planned.origin().pluginId());
                n.put("plugin_version", planned.origin().version());
            }
            StatusBoard.Entry e = health.get(key);
            n.put("health", e == null ? "UNKNOWN" : e.health().name());
            n.put("message", e == null ? "" : e.message());
            n.put("since", e == null ? "" : e.since().toString());
        }
    }

    /** One entry per store keeping a database: its session, files and tables. */
    private void storage(ArrayNode out) {
        for (StorageStats s : data.storage()) {
            ObjectNode n = out.addObject();
            n.put("session_id", s.sessionId());
            ArrayNode files = n.putArray("files");
            for (StorageStats.FileStats f : s.files()) {
                files.addObject().put("name", f.name()).put("size_bytes", f.bytes());
            }
            ArrayNode tables = n.putArray("tables");
            try {
                for (StorageStats.TableStats t : s.tables()) {
                    tables.addObject().put("name", t.table()).put("rows", t.rows()).put("max_seq_id", t.maxSeqId());
                }
            } catch (RuntimeException e) {
                // A store that cannot be read now (disk full, reopening) must not take /status down with it.
                n.put("error", String.valueOf(e.getMessage()));
            }
        }
    }

    private void gauges(ObjectNode out) {
        runtime.metrics().gaugeValues().forEach((name, series) -> {
            if (series.size() == 1 && series.keySet().iterator().next().isEmpty()) {
                out.put(name, series.values().iterator().next());
                return;
            }
            ArrayNode all = out.putArray(name);
            series.forEach((labels, value) -> {
                ObjectNode s = all.addObject();
                labels.forEach(s::put);
                s.put("value", value);
            });
        });
    }
}
