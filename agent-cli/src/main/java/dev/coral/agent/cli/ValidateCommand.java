package dev.coral.agent.cli;

import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Check a configuration against the installed plugins without starting anything.")
final class ValidateCommand implements Callable<Integer> {
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
            out.println(config.resolve() + ": ok (" + agent.plan().pipelines().size() + " pipelines)");
            out.flush();
            return 0;
        }
    }
}
