package dev.coral.agent.cli;

import dev.coral.agent.server.v1.QuerySpansRequest;
import dev.coral.agent.server.v1.QuerySpansResponse;
import dev.coral.agent.server.v1.StoredSpan;
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

@Command(name = "spans", description = "Spans the agent kept, newest first, as a table (or JSON); with --trace, "
        + "one trace drawn as a tree on its timeline.")
final class QuerySpansCommand implements Callable<Integer> {
    static final String METHOD = "coral.agent.v1.AgentQueryService/QuerySpans";
    static final int TABLE_LIMIT = 100;
    /** A trace is drawn whole: up to this many spans by default, fetched page after page. */
    static final int TRACE_LIMIT = 10_000;
    static final int TIMELINE_WIDTH = 60;
    /** The most spans one request asks for (the server's maximum). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Mixin
    AgentOption agent;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--service", paramLabel = "S", description = "Only this service (repeatable)")
    List<String> services = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N spans (default: " + TABLE_LIMIT + "; of a --trace, " + TRACE_LIMIT + ")")
    Integer limit;

    @Option(names = "--trace", paramLabel = "ID", description = "The spans of this trace (32 hex characters), "
            + "all of them, drawn as a tree with a duration bar on the trace's timeline (with --json: every field)")
    String trace;

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Columns of a --trace's timeline (default: " + TIMELINE_WIDTH + ")")
    Integer width;

    @Option(names = "--events", description = "With --trace: list each span's events under it, placed on the timeline")
    boolean events;

    @Mixin
    AnswerOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            if (trace == null && (events || width != null)) {
                throw new IllegalArgumentException((events ? "--events" : "--width") + " is for the tree of one "
                        + "trace: add --trace ID");
            }
            int columns = width == null ? TIMELINE_WIDTH : width;
            if (columns < 1 || columns > 1000) {
                throw new IllegalArgumentException("--width must be between 1 and 1000, got " + columns);
            }
            int max = limit != null ? limit : trace != null ? TRACE_LIMIT : TABLE_LIMIT;
            long[] window = range.resolve(Instant.now(), trace != null ? null : "15m");
            QuerySpansRequest request = QuerySpansRequest.newBuilder().addAllServiceNames(services)
                    .setSinceMs(window[0]).setUntilMs(window[1]).setLimit(Math.min(max, AllPages.PAGE_MAX))
                    .setTraceId(trace == null ? "" : trace.toLowerCase(Locale.ROOT))
                    .setPageToken(output.pageToken()).build();
            QuerySpansResponse answer = trace != null && max > 0
                    ? AllPages.fetch(agent.client(), METHOD, request, QuerySpansResponse.parser(), max)
                    : agent.client().call(METHOD, request, QuerySpansResponse.parser());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json) {
                out.println(CliJson.print(answer));
            } else if (trace != null) {
                new TraceWaterfall(answer.getSpansList(), columns).print(out, request.getTraceId(), events);
                if (answer.getTruncated()) {
                    out.println("(only the first " + answer.getSpansCount() + " spans by start time: raise --limit, "
                            + "or --page-token " + answer.getNextPageToken() + " for the next ones)");
                }
            } else {
                print(out, answer, max);
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
        Tables t = new Tables("TIME", "SERVICE", "NAME", "KIND", "DURATION", "STATUS", "HTTP", "TRACE", "SPAN");
        for (StoredSpan s : answer.getSpansList()) {
            String http = (s.getHttpMethod() + " " + s.getHttpRoute()).trim();
            if (s.getHttpStatus() != 0) {
                http = (http + " " + s.getHttpStatus()).trim();
            }
            t.row(TIME.format(Instant.EPOCH.plusNanos(s.getStartTimeUnixNano())), s.getServiceName(), s.getName(),
                    s.getKind(),
                    String.format(Locale.ROOT, "%.1fms", s.getDurationMs()), s.getIsError() ? "ERROR" : "ok",
                    http.isEmpty() ? "-" : http, s.getTraceId(), s.getSpanId());
        }
        t.print(out);
        out.println(answer.getSpansCount() + " spans" + MoreRows.hint(answer.getSpansCount(), limit,
                answer.getNextPageToken()));
    }
}
