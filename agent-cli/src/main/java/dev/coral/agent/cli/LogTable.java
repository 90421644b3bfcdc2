package dev.coral.agent.cli;

import dev.coral.agent.server.v1.LogRecord;
import dev.coral.agent.server.v1.QueryLogsResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code query logs} as a table: time, service, severity, body, short trace and span ids, attributes. */
final class LogTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    /** A body longer than this is cut in the table (--json has it whole). */
    static final int BODY_WIDTH = 100;
    /** Characters of a trace or span id shown: enough to tell them apart on a screen. */
    static final int SHORT_ID = 8;

    private LogTable() {}

    static void print(PrintWriter out, QueryLogsResponse answer, int limit) {
        if (answer.getRecordsCount() == 0) {
            out.println("no log records");
            return;
        }
        Tables t = new Tables("TIME", "SERVICE", "SEVERITY", "BODY", "TRACE", "SPAN", "ATTRIBUTES");
        for (LogRecord r : answer.getRecordsList()) {
            long nanos = r.getTimeUnixNano();
            String body = r.hasBody() ? AttributeText.value(r.getBody()) : "";
            t.row(TIME.format(Instant.ofEpochSecond(0, nanos)), r.getServiceName(), severity(r),
                    cut(body.isEmpty() ? "-" : body), shortId(r.getTraceId()), shortId(r.getSpanId()),
                    attributes(r.getAttributesList()));
        }
        t.print(out);
        out.println(answer.getRecordsCount() + " log records" + MoreRows.hint(answer.getRecordsCount(), limit,
                answer.getNextPageToken()));
    }

    static String severity(LogRecord r) {
        if (!r.getSeverityText().isEmpty()) {
            return r.getSeverityText();
        }
        String name = Severities.name(r.getSeverityNumber());
        return name.isEmpty() ? "-" : name;
    }

    static String shortId(String id) {
        return id.isEmpty() ? "-" : id.substring(0, Math.min(SHORT_ID, id.length()));
    }

    private static String cut(String s) {
        String line = s.replace('\n', ' ');
        return line.length() <= BODY_WIDTH ? line : line.substring(0, BODY_WIDTH - 3) + "...";
    }

    /** {@code k=v, k2=[1, 2]} ({@link AttributeText}), or {@code -} without attributes. */
    static String attributes(List<KeyValue> attributes) {
        return attributes.isEmpty() ? "-" : AttributeText.of(attributes);
    }
}
