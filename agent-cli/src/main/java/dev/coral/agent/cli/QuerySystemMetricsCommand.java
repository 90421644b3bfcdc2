package dev.coral.agent.cli;

import dev.coral.agent.server.v1.QuerySystemMetricsRangeRequest;
import dev.coral.agent.server.v1.QuerySystemMetricsRangeResponse;
import dev.coral.agent.server.v1.SystemMetric;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "system-metrics", description = "Host metrics the agent kept, oldest first, as a table, a chart "
        + "of one metric over time (--chart), or JSON.")
final class QuerySystemMetricsCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QuerySystemMetricsRange";
    static final int TABLE_LIMIT = 1000;
    /** A chart wants every sample of the range; the server's maximum. */
    static final int CHART_LIMIT = 50_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--name", paramLabel = "METRIC", description = "Only this metric, e.g. system.cpu.utilization (repeatable)")
    List<String> names = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N values (default: " + TABLE_LIMIT + ", with --chart " + CHART_LIMIT + ")")
    Integer limit;

    @Mixin
    AnswerOptions output;

    @Mixin
    ChartOptions chart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            chart.check(names, "system.cpu.utilization");
            long[] window = range.resolve(Instant.now(), "15m");
            int max = limit != null ? limit : chart.chart ? CHART_LIMIT : TABLE_LIMIT;
            QuerySystemMetricsRangeRequest request = QuerySystemMetricsRangeRequest.newBuilder()
                    .addAllMetricNames(names).setSinceMs(window[0]).setUntilMs(window[1]).setLimit(max)
                    .setPageToken(output.pageToken()).build();
            QuerySystemMetricsRangeResponse answer = chart.chart
                    ? AllPages.fetch(agent.client(), METHOD, request, QuerySystemMetricsRangeResponse.parser(), max)
                    : agent.client().call(METHOD, request, QuerySystemMetricsRangeResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                out.println(CliJson.print(answer));
            } else if (chart.chart) {
                new Sparklines(chart.width).print(out, names.getFirst(), new ArrayList<>(answer.getMetricsList()));
                if (answer.getTruncated()) {
                    out.println("(only the oldest " + answer.getMetricsCount() + " values: shorten --since)");
                }
            } else if (answer.getMetricsCount() == 0) {
                out.println("no system metrics");
            } else {
                Tables t = new Tables("TIME", "METRIC", "TYPE", "VALUE", "UNIT", "ATTRIBUTES");
                for (SystemMetric m : answer.getMetricsList()) {
                    t.row(TIME.format(Instant.ofEpochMilli(m.getTimestamp())), m.getName(), m.getMetricType(),
                            Tables.number(m.getValue()), m.getUnit(), m.getAttributes());
                }
                t.print(out);
                out.println(answer.getMetricsCount() + " values"
                        + MoreRows.hint(answer.getMetricsCount(), max, answer.getNextPageToken()));
            }
            out.flush();
            return 0;
        } catch (AgentClient.AgentCallException | IllegalArgumentException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CliErrors.fail(spec, "cannot print the answer: " + e.getMessage());
        }
    }

}
