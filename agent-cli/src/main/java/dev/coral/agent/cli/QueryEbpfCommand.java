package dev.coral.agent.cli;

import dev.coral.agent.server.v1.EbpfMetricType;
import dev.coral.agent.server.v1.QueryEbpfRedRequest;
import dev.coral.agent.server.v1.QueryEbpfRedResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ebpf", description = "RED figures of what eBPF (Beyla) saw: rate, error %% and p50/p95/p99 latency "
        + "per HTTP route, gRPC method and SQL operation over the range, as a table (or JSON).")
final class QueryEbpfCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QueryEbpfRed";

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable)")
    List<String> services = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only http, grpc or sql (repeatable, or comma-separated; default: all)")
    List<String> types = new ArrayList<>();

    @Option(names = "--json", description = "Print the answer as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            long[] window = range.resolve(Instant.now(), "15m");
            QueryEbpfRedRequest.Builder request = QueryEbpfRedRequest.newBuilder().addAllServiceNames(services)
                    .setSinceMs(window[0]).setUntilMs(window[1]);
            for (String t : types) {
                request.addMetricTypes(type(t));
            }
            QueryEbpfRedResponse answer = agent.client().call(METHOD, request.build(), QueryEbpfRedResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(CliJson.print(answer));
            } else if (answer.getSeriesCount() == 0) {
                out.println("no eBPF data" + (services.isEmpty() ? "" : " of " + String.join(", ", services))
                        + " in the range (is Beyla running and instrumenting it?)");
            } else {
                RedTable.print(out, answer.getSeriesList());
                long seconds = (answer.getUntilMs() - answer.getSinceMs()) / 1000;
                out.println(answer.getSeriesCount() + " series from " + answer.getRowsRead() + " rows over "
                        + Tables.duration(seconds) + (answer.getTruncated()
                        ? " (only the busiest series: the range has more than the agent adds up in one answer)" : ""));
            }
            out.flush();
            return 0;
        } catch (AgentClient.AgentCallException | IllegalArgumentException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CliErrors.fail(spec, "cannot print the answer: " + e.getMessage());
        }
    }

    private static EbpfMetricType type(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "http" -> EbpfMetricType.EBPF_METRIC_TYPE_HTTP;
            case "grpc" -> EbpfMetricType.EBPF_METRIC_TYPE_GRPC;
            case "sql" -> EbpfMetricType.EBPF_METRIC_TYPE_SQL;
            default -> throw new IllegalArgumentException("--type must be http, grpc or sql, got '" + name + "'");
        };
    }
}
