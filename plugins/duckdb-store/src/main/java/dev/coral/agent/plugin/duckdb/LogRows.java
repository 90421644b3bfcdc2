package dev.coral.agent.plugin.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * A batch of log records already turned into {@code otel_logs_local} column values, one array
 * per column, as {@link SpanRows} is for spans: {@link LogConverter} builds it on the caller's
 * thread, so the writer thread only appends.
 */
final class LogRows {
    final long[] timestampMicros;
    final long[] timeNanos;
    final long[] observedNanos;
    final String[] traceId;
    final String[] spanId;
    final int[] flags;
    final String[] severityText;
    final int[] severityNumber;
    final String[] service;
    final String[] body;
    final String[] bodyType;
    final String[] attributes;
    final String[] resource;
    final String[] scopeName;
    final String[] scopeVersion;
    final String[] eventName;
    final long createdMicros;

    LogRows(int size, long createdMicros) {
        timestampMicros = new long[size];
        timeNanos = new long[size];
        observedNanos = new long[size];
        traceId = new String[size];
        spanId = new String[size];
        flags = new int[size];
        severityText = new String[size];
        severityNumber = new int[size];
        service = new String[size];
        body = new String[size];
        bodyType = new String[size];
        attributes = new String[size];
        resource = new String[size];
        scopeName = new String[size];
        scopeVersion = new String[size];
        eventName = new String[size];
        this.createdMicros = createdMicros;
    }

    int size() {
        return timestampMicros.length;
    }

    /** Appends every row, numbered from {@code firstSeq}. */
    void appendTo(DuckDBAppender a, long firstSeq) throws SQLException {
        for (int i = 0; i < timestampMicros.length; i++) {
            a.beginRow();
            a.append(firstSeq + i);
            a.appendEpochMicros(timestampMicros[i]);
            if (observedNanos[i] == 0) {
                a.appendNull();
            } else {
                a.appendEpochMicros(observedNanos[i] / 1000);
            }
            a.append(timeNanos[i]);
            a.append(observedNanos[i]);
            a.append(traceId[i]);
            a.append(spanId[i]);
            a.append(flags[i]);
            a.append(severityText[i]);
            a.append(severityNumber[i]);
            a.append(service[i]);
            a.append(body[i]);
            a.append(bodyType[i]);
            a.append(attributes[i]);
            a.append(resource[i]);
            a.append(scopeName[i]);
            a.append(scopeVersion[i]);
            a.append(eventName[i]);
            a.appendEpochMicros(createdMicros);
            a.endRow();
        }
    }
}
