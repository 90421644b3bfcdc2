package dev.coral.agent.cli;

import picocli.CommandLine.Command;

@Command(name = "query", description = "Query a running agent's local data by time range.",
        subcommands = {QuerySpansCommand.class, QuerySystemMetricsCommand.class, QueryEbpfCommand.class,
                QueryMetricsCommand.class, QueryLogsCommand.class})
final class QueryCommand {}
