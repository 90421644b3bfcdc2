package dev.coral.agent.plugin.duckdb;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A DuckDB that is not the agent's: the driver jar the build copies into {@code target/other-duckdb}
 * (property {@code other.duckdb.jar}, see the module's pom), loaded in a class loader of its own
 * that does not see the agent's driver. It opens files read-only, as a colony or a user would.
 */
final class OtherDuckDb {
    private final Driver driver;

    private OtherDuckDb(Driver driver) {
        this.driver = driver;
    }

    static OtherDuckDb load() throws Exception {
        String jar = System.getProperty("other.duckdb.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("other.duckdb.jar (" + jar + ") is not a file: run the test through Maven,"
                    + " whose generate-test-resources phase copies the other DuckDB driver");
        }
        // Parent: the platform loader (java.sql), so org.duckdb comes from this jar only.
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass("org.duckdb.DuckDBDriver");
        return new OtherDuckDb((Driver) type.getDeclaredConstructor().newInstance());
    }

    /** DuckDB's {@code version()}, e.g. {@code v1.4.4}. */
    String version() throws SQLException {
        try (Connection c = driver.connect("jdbc:duckdb:", new Properties()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The rows of {@code sql} on {@code file} attached read-only (as catalog {@code f}, also the default), as text. */
    List<List<String>> rows(Path file, String sql) throws SQLException {
        try (Connection c = driver.connect("jdbc:duckdb:", new Properties()); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + file.toString().replace("'", "''") + "' AS f (READ_ONLY)");
            s.execute("USE f");
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Every table of {@code file} with its row count, read through this DuckDB. */
    Map<String, Long> rowCounts(Path file) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (List<String> table : rows(file, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'f'"
                + " ORDER BY table_name")) {
            String name = table.getFirst();
            out.put(name, Long.parseLong(rows(file, "SELECT count(*) FROM \"" + name + "\"").getFirst().getFirst()));
        }
        return out;
    }
}
