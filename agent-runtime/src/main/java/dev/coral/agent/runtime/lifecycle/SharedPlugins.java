package dev.coral.agent.runtime.lifecycle;

import dev.coral.agent.runtime.plugins.FactoryCatalog;
import dev.coral.agent.runtime.plugins.PluginSet;
import java.util.List;

/**
 * The plugins and factories a runtime was built with, shared by the runtimes that replace it
 * on a config reload (plugins are loaded once per process: their classes, and the native
 * libraries some of them load, cannot be loaded twice). The plugins are unloaded when the last
 * runtime holding them stops.
 */
final class SharedPlugins {
    private final PluginSet plugins;
    private final FactoryCatalog catalog;
    private int holders;

    /** @param plugins null when the factories were given directly, without PF4J */
    SharedPlugins(PluginSet plugins, FactoryCatalog catalog) {
        this.plugins = plugins;
        this.catalog = catalog;
    }

    synchronized SharedPlugins acquire() {
        holders++;
        return this;
    }

    synchronized void release() {
        holders--;
        if (holders == 0 && plugins != null) {
            plugins.close();
        }
    }

    FactoryCatalog catalog() {
        return catalog;
    }

    List<PluginSet.LoadedPlugin> loaded() {
        return plugins == null ? List.of() : plugins.plugins();
    }
}
