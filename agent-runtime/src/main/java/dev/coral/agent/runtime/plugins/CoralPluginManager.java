package dev.coral.agent.runtime.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J configured for the agent: plugins are zips (unpacked in place), directories or single
 * jars in the plugins directories, the first directory's winning over a later one's of the same
 * id; each gets a {@link SharedApiClassLoader}.
 */
final class CoralPluginManager extends DefaultPluginManager {
    private static final Logger LOG = LoggerFactory.getLogger(CoralPluginManager.class);

    /** Directories after the configured one: their plugins replace its plugins of the same id. */
    private final List<Path> extraDirs;

    /**
     * @param pluginsDirs the configured directory, then the extra ones
     * @param apiVersion the plugin-api version plugins' {@code plugin.requires} is checked against
     */
    CoralPluginManager(List<Path> pluginsDirs, String apiVersion) {
        super(pluginsDirs);
        this.extraDirs = List.copyOf(pluginsDirs.subList(1, pluginsDirs.size()));
        setSystemVersion(apiVersion);
    }

    /**
     * Why PF4J disabled a plugin for its {@code plugin.requires}, or null: PF4J only marks it
     * DISABLED and logs at its own level.
     */
    String unmetRequirement(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (plugin.getPluginState() != PluginState.DISABLED || requires == null || requires.isBlank()
                || "*".equals(requires.strip())
                || getVersionManager().checkVersionConstraint(getSystemVersion(), requires)) {
            return null;
        }
        return "needs plugin-api " + requires.strip() + ", this agent has " + getSystemVersion();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new SharedApiClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                })
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new SharedApiClassLoader(pluginManager, descriptor, getClass().getClassLoader());
                    }
                });
    }

    /**
     * Two plugins of one id: the one in an extra directory (the operator's) replaces the one in
     * the configured directory (the distribution's), in one log line naming both. The extra
     * directories' plugins load first ({@link #createPluginRepository}); PF4J itself would refuse
     * the second with a stack trace.
     */
    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        String id = getPluginDescriptorFinder().find(pluginPath).getPluginId();
        PluginWrapper loaded = id == null ? null : getPlugin(id);
        if (loaded != null) {
            LOG.warn("plugin replaced plugin={} used={} ignored={}", id, loaded.getPluginPath(), pluginPath);
            return null;
        }
        return super.loadPluginFromPath(pluginPath);
    }

    /** PF4J's repositories, the extra directories' plugins listed first. */
    @Override
    protected PluginRepository createPluginRepository() {
        PluginRepository all = super.createPluginRepository();
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                List<Path> paths = new ArrayList<>(all.getPluginPaths());
                paths.sort(Comparator.comparing(p -> !isExtra(p)));
                return paths;
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return all.deletePluginPath(pluginPath);
            }
        };
    }

    private boolean isExtra(Path pluginPath) {
        return extraDirs.stream().anyMatch(d -> pluginPath.toAbsolutePath().startsWith(d.toAbsolutePath()));
    }

    /** Stops plugins one by one from a copied list: stopPlugins() can throw CME (pf4j#656). */
    void stopAll() {
        List<PluginWrapper> started = new ArrayList<>(getStartedPlugins());
        for (int i = started.size() - 1; i >= 0; i--) {
            String id = started.get(i).getPluginId();
            try {
                stopPlugin(id);
            } catch (RuntimeException e) {
                LOG.warn("plugin stop failed plugin={} error=\"{}\"", id, e.toString());
            }
        }
    }
}
