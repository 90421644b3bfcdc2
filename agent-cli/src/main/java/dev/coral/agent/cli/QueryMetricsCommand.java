package dev.coral.agent.cli;

import dev.coral.agent.server.v1.MetricPoint;
import dev.coral.agent.server.v1.MetricPointType;
import dev.coral.agent.server.v1.QueryMetricsRequest;
import dev.coral.agent.server.v1.QueryMetricsResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "metrics", description = "Application metric points the agent kept (every OTLP type: gauges, sums, "
        + "histograms, exponential histograms, summaries), by type then oldest first, as a table, a chart of one "
        + "metric over time (--chart), or JSON.")
final class QueryMetricsCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QueryMetrics";
    static final int TABLE_LIMIT = 1000;
    /** A chart wants every point of the range; the server's maximum. */
    static final int CHART_LIMIT = 50_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--name", paramLabel = "METRIC", description = "Only this metric, e.g. http.server.request.duration "
            + "(repeatable)")
    List<String> names = new ArrayList<>();

    @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable)")
    List<String> services = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this point type: gauge, sum, histogram, "
            + "exponential-histogram, summary (repeatable; default: all)")
    List<String> types = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N points (default: " + TABLE_LIMIT + ", with --chart " + CHART_LIMIT + ")")
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
            chart.check(names, "http.server.request.duration");
            long[] window = range.resolve(Instant.now(), "15m");
            int max = limit != null ? limit : chart.chart ? CHART_LIMIT : TABLE_LIMIT;
            QueryMetricsRequest.Builder request = QueryMetricsRequest.newBuilder().addAllMetricNames(names)
                    .addAllServiceNames(services).setSinceMs(window[0]).setUntilMs(window[1]).setLimit(max)
                    .setPageToken(output.pageToken());
            types.forEach(t -> request.addTypes(type(t)));
            QueryMetricsResponse answer = chart.chart
                    ? AllPages.fetch(agent.client(), METHOD, request.build(), QueryMetricsResponse.parser(), max)
                    : agent.client().call(METHOD, request.build(), QueryMetricsResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                out.println(CliJson.print(answer));
            } else if (chart.chart) {
                List<MetricPoint> points = answer.getPointsList();
                String title = names.getFirst() + (MetricChart.drawsMeans(points) ? " (mean per interval)" : "");
                new Sparklines(chart.width).print(out, title, MetricChart.samples(points));
                if (answer.getTruncated()) {
                    out.println("(only the first " + answer.getPointsCount() + " points: shorten --since)");
                }
            } else if (answer.getPointsCount() == 0) {
                out.println("no metric points");
            } else {
                Tables t = new Tables("TIME", "SERVICE", "METRIC", "TYPE", "VALUE", "UNIT", "ATTRIBUTES");
                for (MetricPoint p : answer.getPointsList()) {
                    t.row(TIME.format(Instant.ofEpochMilli(p.getTimeUnixNano() / 1_000_000)), p.getServiceName(),
                            p.getMetricName(), MetricPointText.type(p), MetricPointText.value(p), p.getUnit(),
                            MetricPointText.attributes(p.getAttributesList()));
                }
                t.print(out);
                out.println(answer.getPointsCount() + " points"
                        + MoreRows.hint(answer.getPointsCount(), max, answer.getNextPageToken()));
            }
            out.flush();
            return 0;
        } catch (AgentClient.AgentCallException | IllegalArgumentException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CliErrors.fail(spec, "cannot print the answer: " + e.getMessage());
        }
    }

    /** {@code gauge}, {@code exponential-histogram}... as the wire's type. */
    static MetricPointType type(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            MetricPointType t = MetricPointType.valueOf("METRIC_POINT_TYPE_" + n);
            if (t != MetricPointType.METRIC_POINT_TYPE_UNSPECIFIED) {
                return t;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--type must be gauge, sum, histogram, exponential-histogram or summary, got '"
                + name + "'");
    }

}
