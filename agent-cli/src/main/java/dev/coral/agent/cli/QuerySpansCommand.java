package dev.coral.agent.cli;

import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.TelemetrySpan;
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

@Command(name = "spans", description = "Spans the agent kept, newest first, as a table (or JSON).")
final class QuerySpansCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QuerySpans";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable)")
    List<String> services = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N spans (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--trace", paramLabel = "ID", description = "Only the spans of this trace (32 hex characters)")
    String trace;

    @Option(names = "--page-token", paramLabel = "T", description = "Continue where the previous answer stopped: "
            + "the token it printed (the same query otherwise)")
    String pageToken;

    @Option(names = "--json", description = "Print the answer as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            long[] window = range.resolve(Instant.now(), trace != null ? null : "15m");
            QuerySpansRequest request = QuerySpansRequest.newBuilder().addAllServiceNames(services)
                    .setSinceMs(window[0]).setUntilMs(window[1]).setLimit(limit)
                    .setTraceId(trace == null ? "" : trace.toLowerCase(Locale.ROOT))
                    .setPageToken(pageToken == null ? "" : pageToken).build();
            QuerySpansResponse answer = agent.client().call(METHOD, request, QuerySpansResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(CliJson.print(answer));
            } else {
                print(out, answer, limit);
            }
            out.flush();
            return 0;
        } catch (AgentClient.AgentCallException | IllegalArgumentException e) {
            return CliErrors.fail(spec, e.getMessage());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return CliErrors.fail(spec, "cannot print the answer: " + e.getMessage());
        }
    }

    static void print(PrintWriter out, QuerySpansResponse answer, int limit) {
        if (answer.getSpansCount() == 0) {
            out.println("no spans");
            return;
        }
        Tables t = new Tables("TIME", "SERVICE", "KIND", "DURATION", "STATUS", "HTTP", "TRACE", "SPAN");
        for (TelemetrySpan s : answer.getSpansList()) {
            String http = (s.getHttpMethod() + " " + s.getHttpRoute()).trim();
            if (s.getHttpStatus() != 0) {
                http = (http + " " + s.getHttpStatus()).trim();
            }
            t.row(TIME.format(Instant.ofEpochMilli(s.getTimestamp())), s.getServiceName(), s.getSpanKind(),
                    String.format(Locale.ROOT, "%.1fms", s.getDurationMs()), s.getIsError() ? "ERROR" : "ok",
                    http.isEmpty() ? "-" : http, s.getTraceId(), s.getSpanId());
        }
        t.print(out);
        out.println(answer.getSpansCount() + " spans" + MoreRows.hint(answer.getSpansCount(), limit,
                answer.getNextPageToken()));
    }
}
