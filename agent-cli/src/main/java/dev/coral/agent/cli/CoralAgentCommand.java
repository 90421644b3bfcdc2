package dev.coral.agent.cli;

import dev.coral.agent.runtime.lifecycle.AgentIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.IVersionProvider;

// INHERIT: every subcommand, at every depth, takes -h/--help (and -V/--version) as the root does.
@Command(name = "coral-agent", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = CoralAgentCommand.Version.class,
        description = "The Coral observability agent: OTLP in, static filtering, local DuckDB, pulled by the colony.",
        subcommands = {RunCommand.class, ValidateCommand.class, PluginsCommand.class, BuildCommand.class,
                StatusCommand.class, QueryCommand.class, CpuProfileCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class CoralAgentCommand {
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"coral-agent " + AgentIdentity.version()};
        }
    }
}
