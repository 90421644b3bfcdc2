package dev.coral.agent.runtime.plugins;

import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.ComponentKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every component factory the agent knows, by kind and type name, with the plugin that
 * brought it. Built from PF4J extensions and, when embedding, factories passed in directly.
 */
public final class FactoryCatalog {
    /** Where a factory came from: a plugin (id and version) or the embedding program. */
    public record Origin(String pluginId, String version) {
        public static final Origin BUILT_IN = new Origin("built-in", "");
    }

    /** A factory and its origin. */
    public record Entry(ComponentFactory<?> factory, Origin origin) {}

    private final Map<ComponentKind, Map<String, Entry>> byKind = new EnumMap<>(ComponentKind.class);
    private final List<String> conflicts = new ArrayList<>();
    private final List<String> notLoaded = new ArrayList<>();

    /** Adds a factory; a second factory of the same kind and type is recorded as a conflict. */
    public void add(ComponentFactory<?> factory, Origin origin) {
        Map<String, Entry> types = byKind.computeIfAbsent(factory.kind(), k -> new TreeMap<>());
        Entry existing = types.get(factory.type());
        if (existing != null) {
            conflicts.add(factory.kind().word() + " type '" + factory.type() + "' is provided by both "
                    + existing.origin().pluginId() + " and " + origin.pluginId());
            return;
        }
        types.put(factory.type(), new Entry(factory, origin));
    }

    /** Records a plugin found but not loaded, so an unknown type can say which plugins are missing and why. */
    public void notLoaded(String pluginId, String reason) {
        notLoaded.add(pluginId + " (" + reason + ")");
    }

    /** "plugin (why)" for each plugin found but not loaded. */
    public List<String> notLoaded() {
        return List.copyOf(notLoaded);
    }

    public Optional<Entry> find(ComponentKind kind, String type) {
        return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(type));
    }

    /** Type names of one kind, sorted. */
    public Collection<String> types(ComponentKind kind) {
        return byKind.getOrDefault(kind, Map.of()).keySet();
    }

    /** The kinds under which a type name is known (to say "it is a store, not an exporter"). */
    public List<ComponentKind> kindsOf(String type) {
        List<ComponentKind> kinds = new ArrayList<>();
        byKind.forEach((kind, types) -> {
            if (types.containsKey(type)) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    public List<Entry> all() {
        List<Entry> all = new ArrayList<>();
        byKind.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    public List<String> conflicts() {
        return conflicts;
    }
}
