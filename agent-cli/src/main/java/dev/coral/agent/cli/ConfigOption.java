package dev.coral.agent.cli;

import dev.coral.agent.runtime.config.AgentDirectories;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.server.AgentApi;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config F}, shared by the commands that read pipelines.conf. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pipelines.conf to use (default: the operator's, /etc/coral-agent/pipelines.conf as root, "
                    + "else ~/.config/coral-agent/pipelines.conf, when present; else "
                    + "$CORAL_HOME/conf/pipelines.conf, else ./pipelines.conf)")
    Path config;

    Path resolve() {
        return config != null ? config : directories().defaultConfigFile();
    }

    /** The daemon's directories: the distribution, the data, the operator's config and plugins. */
    static AgentDirectories directories() {
        return AgentDirectories.standard(PipelinesConfig.home());
    }

    /**
     * Loads and validates, printing each problem on its own line; null when invalid. The agent
     * serves the Agent API once started.
     */
    AgentRuntime build(PrintWriter err) {
        try {
            return AgentRuntime.builder().directories(directories()).configFile(resolve()).frontend(AgentApi::start).build();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> err.println("config error: " + p.getMessage()));
            err.flush();
            return null;
        }
    }
}
