package dev.coral.agent.runtime.cli;

import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.lifecycle.SignalWaiter;
import dev.coral.agent.runtime.pipeline.ComponentFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Start the agent and run until SIGTERM or SIGINT.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        SignalWaiter signals = SignalWaiter.install();
        AgentRuntime agent = config.build(err);
        if (agent == null) {
            return 2;
        }
        try {
            agent.start();
        } catch (ComponentFailure | IOException e) {
            err.println("coral-agent: " + e.getMessage());
            err.flush();
            return 1;
        }
        signals.await();
        agent.stop();
        return 0;
    }
}
