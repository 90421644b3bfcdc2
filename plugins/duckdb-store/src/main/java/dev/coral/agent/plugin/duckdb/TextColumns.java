package dev.coral.agent.plugin.duckdb;

import java.util.StringJoiner;

/**
 * SQL for the text columns a reader returns: each row's size in bytes, which {@link OrderedRows}
 * budgets pages by, and values capped at {@code query.max-value-bytes}. A value above the cap is
 * replaced by a marker saying how large it was (a JSON object for JSON columns, so the column
 * still parses): one row can hold several values as large as a receiver accepts, and a row is
 * copied several times on its way to the wire, so without a cap a single row could still exhaust
 * the heap that the page budget protects.
 */
final class TextColumns {
    /** What a row's numbers and object headers take besides its text, roughly. */
    private static final int ROW_OVERHEAD = 128;

    private final long maxValueBytes;

    TextColumns(long maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    /** A JSON text value, as VARCHAR, or {@code {"coral.truncated": "..."}} when above the cap. */
    String json(String column) {
        String text = "CAST(" + column + " AS VARCHAR)";
        return capped(text, "'{\"coral.truncated\":\"" + column + " of ' || strlen(" + text
                + ") || ' bytes, above the store''s query.max-value-bytes (" + maxValueBytes + ")\"}'");
    }

    /** A VARCHAR value, or {@code [coral.truncated: ...]} when above the cap. */
    String text(String column) {
        return capped(column, "'[coral.truncated: " + column + " of ' || strlen(" + column
                + ") || ' bytes, above the store''s query.max-value-bytes (" + maxValueBytes + ")]'");
    }

    private String capped(String text, String marker) {
        return "CASE WHEN strlen(" + text + ") > " + maxValueBytes + " THEN " + marker + " ELSE " + text + " END";
    }

    /** A row's size: its text columns' bytes, each counted at most up to the cap, plus a fixed overhead. */
    String rowBytes(String... textColumns) {
        StringJoiner sum = new StringJoiner(" + ", "(" + ROW_OVERHEAD + " + ", ")");
        for (String column : textColumns) {
            sum.add("least(coalesce(strlen(CAST(" + column + " AS VARCHAR)), 0), " + maxValueBytes + ")");
        }
        return sum.toString();
    }
}
