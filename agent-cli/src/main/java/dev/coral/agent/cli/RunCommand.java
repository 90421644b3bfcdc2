package dev.coral.agent.cli;

import dev.coral.agent.runtime.config.AgentSettings;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.lifecycle.ConfigReload;
import dev.coral.agent.runtime.lifecycle.SignalWaiter;
import dev.coral.agent.runtime.pipeline.ComponentFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Start the agent and run until SIGTERM or SIGINT; SIGHUP reloads the config.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
        // Where the user's state is: the distribution itself is replaced by every rebuild or upgrade.
        AgentSettings settings = agent.plan().config().agent();
        LOG.info("agent paths config={} data_dir={} plugins_dirs={} home={}", agent.plan().config().file(),
                settings.dataDir(), settings.allPluginsDirs(), ConfigOption.directories().home());
        try {
            agent.start();
        } catch (ComponentFailure | IOException e) {
            return fail(err, e);
        }
        ConfigReload reload = new ConfigReload(agent);
        while (signals.next() == SignalWaiter.Request.RELOAD) {
            try {
                reload.run();
            } catch (ComponentFailure | IOException e) {
                return fail(err, e);
            }
        }
        reload.current().stop();
        return 0;
    }

    private static int fail(PrintWriter err, Exception e) {
        err.println("coral-agent: " + e.getMessage());
        err.flush();
        return 1;
    }
}
