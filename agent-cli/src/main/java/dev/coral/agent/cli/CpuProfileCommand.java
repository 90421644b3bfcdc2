package dev.coral.agent.cli;

import dev.coral.agent.server.v1.ProfileFormat;
import dev.coral.agent.server.v1.QueryCPUProfileRequest;
import dev.coral.agent.server.v1.QueryCPUProfileResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cpu-profile", description = "The CPU profile the agent sampled over a time range: folded stacks "
        + "(flamegraph.pl), pprof or an SVG flame graph.")
final class CpuProfileCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QueryCPUProfile";

    enum Format { folded, pprof, svg }

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service's processes")
    String service;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "folded",
            description = "folded, pprof or svg (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout")
    Path output;

    @Spec
    CommandSpec spec;

    /** Where the profile's bytes go when there is no --output; tests replace it. */
    PrintStream stdout = System.out;

    @Override
    public Integer call() {
        try {
            long[] window = range.resolve(Instant.now(), "1h");
            QueryCPUProfileRequest request = QueryCPUProfileRequest.newBuilder()
                    .setServiceName(service == null ? "" : service).setSinceMs(window[0]).setUntilMs(window[1])
                    .setFormat(switch (format) {
                        case folded -> ProfileFormat.PROFILE_FORMAT_FOLDED;
                        case pprof -> ProfileFormat.PROFILE_FORMAT_PPROF;
                        case svg -> ProfileFormat.PROFILE_FORMAT_SVG;
                    }).build();
            QueryCPUProfileResponse answer = agent.client().call(METHOD, request, QueryCPUProfileResponse.parser());
            if (answer.getTotalSamples() == 0) {
                spec.commandLine().getErr().println("coral-agent: no CPU samples in that range"
                        + (service == null ? "" : " for service " + service)
                        + " (the cpu-profiler plugin stores them every 15 s when it runs)");
                spec.commandLine().getErr().flush();
            }
            if (output != null) {
                Files.write(output, answer.getData().toByteArray());
            } else {
                OutputStream out = stdout;
                answer.getData().writeTo(out);
                out.flush();
            }
            return 0;
        } catch (AgentClient.AgentCallException | IllegalArgumentException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (IOException e) {
            return CliErrors.fail(spec, "cannot write the profile: " + e.getMessage());
        }
    }
}
