package dev.coral.agent.runtime.config;

import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code pipelines.conf}, before any plugin looked at it: the agent block, each
 * declared component with its raw settings, and each pipeline with its references.
 */
public record PipelinesConfig(String file, AgentSettings agent, Map<ComponentKind, Map<ComponentId, Declared>> components,
        List<Pipeline> pipelines) {

    /** A component block: its id, its settings and where it is. */
    public record Declared(ComponentKind kind, ComponentId id, Settings settings, String location) {}

    /** A reference to a component from a pipeline, with where it appears. */
    public record Ref(ComponentId id, String location, String key) {}

    /** One pipeline: {@code traces}, {@code traces/beyla}... */
    public record Pipeline(String name, Signal<?> signal, Map<ComponentKind, List<Ref>> refs, String location) {
        public List<Ref> refs(ComponentKind kind) {
            return refs.getOrDefault(kind, List.of());
        }
    }

    public Map<ComponentId, Declared> declared(ComponentKind kind) {
        return components.getOrDefault(kind, Map.of());
    }

    /** The directory relative paths resolve against. */
    public static Path home() {
        String home = System.getProperty("coral.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("CORAL_HOME");
        }
        return Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath().normalize();
    }
}
