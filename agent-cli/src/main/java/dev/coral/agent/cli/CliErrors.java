package dev.coral.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The commands that talk to an agent fail the same way: one line on stderr, exit code 2. */
final class CliErrors {
    static final int EXIT = 2;

    private CliErrors() {}

    static int fail(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("coral-agent: " + message);
        err.flush();
        return EXIT;
    }
}
