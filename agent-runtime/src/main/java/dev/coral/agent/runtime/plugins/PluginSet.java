package dev.coral.agent.runtime.plugins;

import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins loaded from one directory with PF4J, and the factories they contribute.
 * Closing stops and unloads them.
 */
public final class PluginSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSet.class);

    /**
     * A loaded plugin as {@code coral-agent plugins} shows it.
     *
     * @param problem why it is not started (e.g. its plugin.requires is not met), or empty
     */
    public record LoadedPlugin(String id, String version, String description, Path path, String state,
            List<String> componentTypes, String problem) {}

    private final CoralPluginManager manager;
    private final List<LoadedPlugin> loaded = new ArrayList<>();

    private PluginSet(CoralPluginManager manager) {
        this.manager = manager;
    }

    /** As {@link #load(List, String, FactoryCatalog, String)} for one directory. */
    public static PluginSet load(Path dir, String apiVersion, FactoryCatalog catalog, String location) {
        return load(List.of(dir), apiVersion, catalog, location);
    }

    /**
     * Loads and starts every plugin in {@code dirs} and adds their factories to {@code catalog}.
     * The first directory must exist (the configured one); the others are extra, and a plugin in
     * one of them replaces the first directory's plugin of the same id (an operator's newer copy
     * of a bundled plugin).
     *
     * @param location where the first directory is configured, for the error when it is missing
     */
    public static PluginSet load(List<Path> dirs, String apiVersion, FactoryCatalog catalog, String location) {
        Path dir = dirs.getFirst();
        if (!Files.isDirectory(dir)) {
            throw new ConfigProblem(location, "agent.plugins-dir",
                    "plugins directory " + dir + " does not exist (set agent.plugins-dir or CORAL_HOME)");
        }
        CoralPluginManager manager = new CoralPluginManager(dirs, apiVersion);
        manager.loadPlugins();
        manager.startPlugins();
        PluginSet set = new PluginSet(manager);
        for (PluginWrapper plugin : manager.getPlugins()) {
            List<String> types = new ArrayList<>();
            String problem = "";
            String unmet = manager.unmetRequirement(plugin);
            if (unmet != null) {
                problem = unmet;
                catalog.notLoaded(plugin.getPluginId(), unmet);
                LOG.error("plugin not loaded plugin={} version={} reason=\"{}\" path={}", plugin.getPluginId(),
                        plugin.getDescriptor().getVersion(), unmet, plugin.getPluginPath());
            } else if (plugin.getPluginState() == PluginState.STARTED) {
                for (FactoryProvider provider : manager.getExtensions(FactoryProvider.class, plugin.getPluginId())) {
                    ComponentFactory<?> factory;
                    try {
                        factory = provider.factory();
                    } catch (RuntimeException | LinkageError e) {
                        // One broken factory costs its own types, not the plugin's others or the agent.
                        problem = provider.getClass().getName() + " failed: " + e;
                        LOG.error("plugin factory failed plugin={} provider={} error=\"{}\"", plugin.getPluginId(),
                                provider.getClass().getName(), e.toString());
                        continue;
                    }
                    catalog.add(factory, new FactoryCatalog.Origin(plugin.getPluginId(),
                            plugin.getDescriptor().getVersion()));
                    types.add(factory.toString());
                }
            } else {
                problem = plugin.getFailedException() != null ? plugin.getFailedException().toString()
                        : "left " + plugin.getPluginState() + " by PF4J";
                catalog.notLoaded(plugin.getPluginId(), plugin.getPluginState() + ": " + problem);
                LOG.warn("plugin not started plugin={} state={} error=\"{}\"", plugin.getPluginId(),
                        plugin.getPluginState(), problem);
            }
            set.loaded.add(new LoadedPlugin(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                    plugin.getDescriptor().getPluginDescription(), plugin.getPluginPath(),
                    plugin.getPluginState().toString(), types, problem));
            LOG.debug("plugin loaded plugin={} version={} components={}", plugin.getPluginId(),
                    plugin.getDescriptor().getVersion(), types);
        }
        return set;
    }

    public List<LoadedPlugin> plugins() {
        return loaded;
    }

    @Override
    public void close() {
        manager.stopAll();
        manager.unloadPlugins();
    }
}
