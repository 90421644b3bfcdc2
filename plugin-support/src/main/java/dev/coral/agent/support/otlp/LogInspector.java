package dev.coral.agent.support.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * Keeps log records whose optional trace context is well formed: trace_id empty or 16 bytes,
 * span_id empty or 8 bytes. Rebuilds the request only when a record is dropped.
 */
final class LogInspector implements Inspector<ExportLogsServiceRequest> {
    @Override
    public Inspection<ExportLogsServiceRequest> inspect(ExportLogsServiceRequest request) {
        long total = 0;
        boolean anyInvalid = false;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    total++;
                    anyInvalid |= problem(r) != null;
                }
            }
        }
        return anyInvalid ? rebuild(request, total) : Inspection.clean(request, total);
    }

    private static Inspection<ExportLogsServiceRequest> rebuild(ExportLogsServiceRequest request, long total) {
        ExportLogsServiceRequest.Builder out = ExportLogsServiceRequest.newBuilder();
        long rejected = 0;
        String first = null;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            ResourceLogs.Builder rlb = rl.toBuilder().clearScopeLogs();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                ScopeLogs.Builder slb = sl.toBuilder().clearLogRecords();
                for (LogRecord r : sl.getLogRecordsList()) {
                    String p = problem(r);
                    if (p == null) {
                        slb.addLogRecords(r);
                    } else {
                        rejected++;
                        first = first == null ? p : first;
                    }
                }
                if (slb.getLogRecordsCount() > 0) {
                    rlb.addScopeLogs(slb);
                }
            }
            if (rlb.getScopeLogsCount() > 0) {
                out.addResourceLogs(rlb);
            }
        }
        String message = "rejected " + rejected + " of " + total + " log records with invalid ids; first: " + first;
        return new Inspection<>(out.build(), total - rejected, rejected, message);
    }

    private static String problem(LogRecord r) {
        String p = Ids.optionalTraceIdProblem(r.getTraceId());
        return p != null ? p : Ids.optionalSpanIdProblem(r.getSpanId(), "span_id");
    }
}
