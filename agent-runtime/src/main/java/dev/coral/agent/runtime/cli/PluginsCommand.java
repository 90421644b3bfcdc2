package dev.coral.agent.runtime.cli;

import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.plugins.PluginSet.LoadedPlugin;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "plugins", description = "List the plugins in the plugins directory, their versions and component types.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (AgentRuntime agent = config.build(err)) {
            if (agent == null) {
                return 2;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-16s %-16s %-8s %s%n", "PLUGIN", "VERSION", "STATE", "COMPONENTS");
            for (LoadedPlugin p : agent.plugins()) {
                out.printf("%-16s %-16s %-8s %s%n", p.id(), p.version(), p.state(),
                        String.join(", ", p.componentTypes()));
            }
            out.flush();
            return 0;
        }
    }
}
