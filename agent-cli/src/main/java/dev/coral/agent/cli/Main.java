package dev.coral.agent.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** The {@code coral-agent} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Libraries that log through java.util.logging (grpc-java) go through the agent's one-line format.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or config). */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)}, printing to {@code out} and {@code err} (null: stdout, stderr). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CoralAgentCommand());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExitCodeExceptionMapper(t -> 1);
        // A usage mistake is one line naming it, not the whole help text: exit code 2.
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine wrong = e.getCommandLine();
            wrong.getErr().println("coral-agent: " + e.getMessage() + " (see '"
                    + wrong.getCommandSpec().qualifiedName() + " --help')");
            wrong.getErr().flush();
            return wrong.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("coral-agent: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
