package dev.coral.agent.cli;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.AgentDirectories;
import dev.coral.agent.runtime.config.AgentSettings;
import dev.coral.agent.runtime.config.ConfigLoader;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.lifecycle.AgentIdentity;
import dev.coral.agent.runtime.plugins.FactoryCatalog;
import dev.coral.agent.runtime.plugins.PluginApiVersion;
import dev.coral.agent.runtime.plugins.PluginSet;
import dev.coral.agent.runtime.plugins.PluginSet.LoadedPlugin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plugins", description = "List the plugins in the plugins directory, their versions and component types.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory to list (default: agent.plugins-dir of the config, else $CORAL_HOME/plugins,"
                    + " and the operator's plugins/ beside the config: /etc/coral-agent/plugins as root)")
    Path pluginsDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> dirs = pluginsDir != null ? List.of(pluginsDir) : configuredDirs();
        FactoryCatalog catalog = new FactoryCatalog();
        String apiVersion = PluginApiVersion.current(AgentIdentity.version());
        try (PluginSet plugins = PluginSet.load(dirs, apiVersion, catalog, "--plugins-dir")) {
            out.printf("%-16s %-16s %-8s %s%n", "PLUGIN", "VERSION", "STATE",
                    "COMPONENTS (this agent's plugin-api: " + apiVersion + ")");
            for (LoadedPlugin p : plugins.plugins()) {
                out.printf("%-16s %-16s %-8s %s%n", p.id(), p.version(), p.state(),
                        p.problem().isEmpty() ? components(catalog, p.id()) : "not loaded: " + p.problem());
            }
            catalog.conflicts().forEach(c -> out.println("conflict: " + c));
            out.flush();
            return 0;
        } catch (ConfigProblem p) {
            err.println("config error: " + p.getMessage());
            err.flush();
            return 2;
        }
    }

    /** "receiver/otlp (traces: stable, metrics: beta)" for each component type the plugin brought. */
    private static String components(FactoryCatalog catalog, String pluginId) {
        return catalog.all().stream().filter(e -> e.origin().pluginId().equals(pluginId))
                .map(e -> e.factory() + " (" + e.factory().signals().stream()
                        .map(signal -> signal + ": " + e.factory().stability(signal).word())
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The plugins directories the config names; the default ones when the config cannot be read. */
    private List<Path> configuredDirs() {
        AgentDirectories dirs = ConfigOption.directories();
        try {
            return new ConfigLoader(dirs).load(config.resolve()).agent().allPluginsDirs();
        } catch (InvalidConfigException e) {
            return AgentSettings.defaults(dirs).allPluginsDirs();
        }
    }
}
