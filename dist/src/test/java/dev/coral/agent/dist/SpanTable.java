package dev.coral.agent.dist;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads otel_spans_local from a stopped agent's DuckDB file. */
final class SpanTable {
    private SpanTable() {}

    /** Rows as "service|name|attributes-json", ordered by seq_id. */
    static List<String> rows(Path dataDir) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("metrics.duckdb"), readOnly);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT service_name, span_name, CAST(attributes AS VARCHAR) FROM otel_spans_local ORDER BY seq_id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
            return rows;
        }
    }
}
