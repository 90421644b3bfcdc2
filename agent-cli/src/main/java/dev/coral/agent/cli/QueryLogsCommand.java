package dev.coral.agent.cli;

import dev.coral.agent.server.v1.QueryLogsRequest;
import dev.coral.agent.server.v1.QueryLogsResponse;
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

@Command(name = "logs", description = "Log records the agent kept, newest first, as a table (or JSON).")
final class QueryLogsCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QueryLogs";

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable)")
    List<String> services = new ArrayList<>();

    @Option(names = "--severity", paramLabel = "LEVEL", description = "At least this severity: TRACE, DEBUG, INFO, "
            + "WARN, ERROR, FATAL, or an OTLP severity number from 1 to 24")
    String severity;

    @Option(names = "--trace", paramLabel = "ID", description = "Only the records of this trace (32 hex characters)")
    String trace;

    @Option(names = "--grep", paramLabel = "TEXT", description = "Only records whose body contains TEXT (ignoring case)")
    String grep;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N records (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    AnswerOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            long[] window = range.resolve(Instant.now(), trace != null ? null : "15m");
            QueryLogsRequest request = QueryLogsRequest.newBuilder().addAllServiceNames(services)
                    .setSinceMs(window[0]).setUntilMs(window[1]).setLimit(limit)
                    .setMinSeverityNumber(severity == null ? 0 : Severities.parse(severity))
                    .setTraceId(trace == null ? "" : trace.toLowerCase(Locale.ROOT))
                    .setBodyContains(grep == null ? "" : grep)
                    .setPageToken(output.pageToken()).build();
            QueryLogsResponse answer = agent.client().call(METHOD, request, QueryLogsResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                out.println(CliJson.print(answer));
            } else {
                LogTable.print(out, answer, limit);
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
