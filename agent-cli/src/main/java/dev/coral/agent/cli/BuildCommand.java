package dev.coral.agent.cli;

import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.cli.distbuilder.BuildManifest;
import dev.coral.agent.cli.distbuilder.DistributionBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build", description = "Assemble a custom distribution holding exactly the plugins a manifest names.")
final class BuildCommand implements Callable<Integer> {
    @Option(names = {"-m", "--manifest"}, required = true, paramLabel = "FILE", description = "The builder manifest (HOCON)")
    Path manifest;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides dist.output)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            BuildManifest m = BuildManifest.load(manifest);
            out.println("building " + m.name() + " from " + PipelinesConfig.home());
            Path built = new DistributionBuilder(PipelinesConfig.home(), out).build(m, Optional.ofNullable(output));
            out.println("built " + built);
            out.flush();
            return 0;
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> err.println("config error: " + p.getMessage()));
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("coral-agent build: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
