package dev.coral.agent.plugin.duckdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Binds a query's numeric bounds, then its filter values, from parameter 1. */
final class Params {
    private Params() {}

    /** Returns the index of the next parameter. */
    static int bind(PreparedStatement ps, List<Long> bounds, Collection<String> values) throws SQLException {
        int i = 1;
        for (long b : bounds) {
            ps.setLong(i++, b);
        }
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }
}
