package dev.coral.agent.plugin.duckdb;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * A batch of spans already turned into {@code otel_spans_local} column values, one array per
 * column. {@link SpanConverter} builds it on the caller's thread, so the single writer thread
 * only appends: the conversion (hex ids, JSON text) runs in parallel across receivers.
 */
final class SpanRows {
    final long[] timestampMicros;
    final String[] traceId;
    final String[] spanId;
    final String[] parentSpanId;
    final String[] service;
    final String[] name;
    final String[] kind;
    final double[] durationMs;
    final boolean[] error;
    final String[] statusMessage;
    final int[] httpStatus;
    final String[] httpMethod;
    final String[] httpRoute;
    final String[] attributes;
    final long[] startNanos;
    final long[] endNanos;
    final String[] scope;
    final String[] resource;
    final String[] events;
    final String[] links;
    final long createdMicros;
    final String[] statusCode;
    final String[] scopeVersion;

    SpanRows(int size, long createdMicros) {
        timestampMicros = new long[size];
        traceId = new String[size];
        spanId = new String[size];
        parentSpanId = new String[size];
        service = new String[size];
        name = new String[size];
        kind = new String[size];
        durationMs = new double[size];
        error = new boolean[size];
        statusMessage = new String[size];
        httpStatus = new int[size];
        httpMethod = new String[size];
        httpRoute = new String[size];
        attributes = new String[size];
        startNanos = new long[size];
        endNanos = new long[size];
        scope = new String[size];
        resource = new String[size];
        events = new String[size];
        links = new String[size];
        this.createdMicros = createdMicros;
        statusCode = new String[size];
        scopeVersion = new String[size];
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
            a.append(traceId[i]);
            a.append(spanId[i]);
            a.append(parentSpanId[i]);
            a.append(service[i]);
            a.append(name[i]);
            a.append(kind[i]);
            a.append(durationMs[i]);
            a.append(error[i]);
            a.append(statusMessage[i]);
            a.append(httpStatus[i]);
            a.append(httpMethod[i]);
            a.append(httpRoute[i]);
            a.append(attributes[i]);
            a.append(startNanos[i]);
            a.append(endNanos[i]);
            a.append(scope[i]);
            a.append(resource[i]);
            a.append(events[i]);
            a.append(links[i]);
            a.appendEpochMicros(createdMicros);
            a.append(statusCode[i]);
            a.append(scopeVersion[i]);
            a.endRow();
        }
    }
}
