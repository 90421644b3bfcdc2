package dev.coral.agent.runtime.cli;

import picocli.CommandLine;

/** The {@code coral-agent} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or config). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new CoralAgentCommand());
        cli.setExitCodeExceptionMapper(t -> 1);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("coral-agent: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
