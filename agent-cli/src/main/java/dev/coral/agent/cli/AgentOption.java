package dev.coral.agent.cli;

import dev.coral.agent.api.config.Endpoint;
import dev.coral.agent.runtime.config.AgentDirectories;
import dev.coral.agent.runtime.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --agent HOST:PORT}, shared by the commands that talk to a running agent. Without it,
 * the first {@code agent.api.listen} address of the local pipelines.conf (a wildcard address
 * reached through 127.0.0.1), else {@code 127.0.0.1:9001}.
 */
final class AgentOption {
    static final String DEFAULT = "127.0.0.1:9001";

    @Option(names = "--agent", paramLabel = "HOST:PORT",
            description = "Agent API to talk to (default: the first agent.api.listen of the local config, else "
                    + DEFAULT + ")")
    String agent;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for the agent (default: ${DEFAULT-VALUE})")
    String timeout;

    AgentClient client() throws AgentClient.AgentCallException {
        Duration wait;
        try {
            wait = TimeArgs.duration(timeout);
        } catch (IllegalArgumentException e) {
            throw new AgentClient.AgentCallException("--timeout: " + e.getMessage());
        }
        return new AgentClient(address(), wait);
    }

    String address() throws AgentClient.AgentCallException {
        if (agent != null) {
            try {
                return Endpoint.parse(agent).toString();
            } catch (IllegalArgumentException e) {
                throw new AgentClient.AgentCallException("--agent: " + e.getMessage());
            }
        }
        return configured();
    }

    /** The local config's first API address; the default when there is no readable config. */
    private static String configured() {
        AgentDirectories dirs = ConfigOption.directories();
        Path file = dirs.defaultConfigFile();
        if (!Files.isRegularFile(file)) {
            return DEFAULT;
        }
        try {
            List<String> listen = new ConfigLoader(dirs).load(file).agent().apiListen();
            if (listen.isEmpty()) {
                return DEFAULT;
            }
            Endpoint first = Endpoint.parse(listen.getFirst());
            return first.isWildcard() ? new Endpoint("127.0.0.1", first.port()).toString() : first.toString();
        } catch (Exception unreadable) {
            return DEFAULT;
        }
    }
}
