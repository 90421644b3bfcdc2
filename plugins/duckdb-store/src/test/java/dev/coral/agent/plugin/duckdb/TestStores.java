package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Starting stores on a directory, and reading a closed database file with plain JDBC. */
final class TestStores {
    private TestStores() {}

    /** The context the runtime would give the store {@code duckdb} with this data directory. */
    static TestComponentContext context(Path dataDir) {
        return TestComponentContext.builder(ComponentKind.STORE, "duckdb").dataDir(dataDir).build();
    }

    /** The store's config from a {@code stores.duckdb} block, parsed by the real factory. */
    static DuckDbStoreConfig config(String hocon) {
        return TestConfigs.read(new DuckDbStoreFactory().factory(), hocon);
    }

    /** A started store. */
    static DuckDbStore start(TestComponentContext context, DuckDbStoreConfig config, Clock clock) throws Exception {
        DuckDbStore store = new DuckDbStore(context, config, clock);
        try {
            store.start(null);
        } catch (Exception e) {
            store.shutdown();
            throw e;
        }
        return store;
    }

    static DuckDbStore start(TestComponentContext context, String hocon) throws Exception {
        return start(context, config(hocon), Clock.systemUTC());
    }

    /** Opens {@code file} read-only (nobody else may hold it) and runs one query per row into longs. */
    static List<Long> longs(Path file, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    static List<String> strings(Path file, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** One query's first column as longs, on the running store. */
    static List<Long> longs(DuckDbStore store, String sql) throws SQLException {
        return store.read(c -> {
            List<Long> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    static List<String> strings(DuckDbStore store, String sql) throws SQLException {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** 1..n, what a dense seq id column must hold. */
    static List<Long> oneTo(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }
}
