package dev.coral.agent.cli;

import dev.coral.agent.server.v1.ProfileFormat;
import dev.coral.agent.server.v1.ProfileWindow;
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

@Command(name = "cpu-profile", description = {"The CPU profile the agent sampled over a time range: folded stacks "
        + "(flamegraph.pl), pprof or an SVG flame graph (click a frame to zoom, Search to highlight).",
        "When the range holds several builds of one binary (a deploy), a [build_id:...] frame after the process "
        + "keeps them apart. With --diff-since (and --diff-until) it draws a differential flame graph between the "
        + "two windows: the newer window's graph, each frame red where its share of the samples grew and blue "
        + "where it shrank since the older window (tooltips give both counts and the change); folded gives "
        + "difffolded.pl's 'stack before after' lines."})
final class CpuProfileCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QueryCPUProfile";

    enum Format { folded, pprof, svg }

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service's processes")
    String service;

    @Option(names = "--diff-since", paramLabel = "TIME",
            description = "Compare with the window from this time (same forms as --since): a differential profile")
    String diffSince;

    @Option(names = "--diff-until", paramLabel = "TIME",
            description = "End of the window to compare with (default: now); needs --diff-since")
    String diffUntil;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "folded",
            description = "folded, pprof or svg (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout")
    Path output;

    @Spec
    CommandSpec spec;

    /** Where the profile's bytes go when there is no --output; tests replace it. */
    PrintStream stdout = System.out;

    /** The window to compare with; checked here so the user hears of a bad combination before any query. */
    private ProfileWindow diffWindow(Instant now) {
        if (diffSince == null) {
            throw new IllegalArgumentException("--diff-until needs --diff-since");
        }
        if (format == Format.pprof) {
            throw new IllegalArgumentException("a differential profile is folded or svg; for pprof export both "
                    + "windows and compare them with go tool pprof -diff_base");
        }
        TimeRangeOptions other = new TimeRangeOptions();
        other.since = diffSince;
        other.until = diffUntil;
        long[] w;
        try {
            w = other.resolve(now, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--", "--diff-"), e);
        }
        return ProfileWindow.newBuilder().setSinceMs(w[0]).setUntilMs(w[1]).build();
    }

    private void noSamples(String where) {
        spec.commandLine().getErr().println("coral-agent: no CPU samples " + where
                + (service == null ? "" : " for service " + service)
                + " (the cpu-profiler plugin stores them every 15 s when it runs)");
        spec.commandLine().getErr().flush();
    }

    @Override
    public Integer call() {
        try {
            Instant now = Instant.now();
            long[] window = range.resolve(now, "1h");
            QueryCPUProfileRequest.Builder request = QueryCPUProfileRequest.newBuilder();
            if (diffSince != null || diffUntil != null) {
                request.setDiffWindow(diffWindow(now));
            }
            request
                    .setServiceName(service == null ? "" : service).setSinceMs(window[0]).setUntilMs(window[1])
                    .setFormat(switch (format) {
                        case folded -> ProfileFormat.PROFILE_FORMAT_FOLDED;
                        case pprof -> ProfileFormat.PROFILE_FORMAT_PPROF;
                        case svg -> ProfileFormat.PROFILE_FORMAT_SVG;
                    });
            QueryCPUProfileResponse answer = agent.client().call(METHOD, request.build(),
                    QueryCPUProfileResponse.parser());
            if (answer.getTotalSamples() == 0) {
                noSamples("in that range");
            }
            if (request.hasDiffWindow() && answer.getDiffTotalSamples() == 0) {
                noSamples("in the --diff-since/--diff-until window");
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
