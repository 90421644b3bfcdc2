package dev.coral.agent.plugin.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads up to {@code limit} rows of a table in an order without letting DuckDB sort or heap up
 * wide rows. Why: DuckDB answers {@code ORDER BY ... LIMIT n} with a top-N heap only while n is at
 * most 5,000, and sorts every row that passes the filter above that: a colony poll of 10,000
 * spans in the middle of an hour of data (1M rows) failed with "Out of Memory" at the default
 * 64 MiB {@code memory-limit}. Its top-N over wide span rows (JSON attributes, resource, events)
 * also ran out of memory in tests for newest-first pages, where rows stored oldest-first each
 * enter the heap in turn.
 *
 * <p>So each query orders only the seq ids and timestamps ({@link #CHUNK} of them, a top-N on
 * two numbers) and joins back to the table for the wide columns of just those rows (DuckDB's
 * join filter lets the scan skip the rest), which are put in order here. The next query resumes
 * after the last row (keyset paging on the order's columns).
 */
final class OrderedRows {
    /** Rows per query: under DuckDB's top-N threshold, and a few MB of wide rows per answer at most. */
    static final int CHUNK = 2_000;

    /** The orders the store's queries use; each ends with seq_id, so the order is total. */
    enum Order {
        SEQ_ASC, TIME_ASC, TIME_DESC;

        String orderBy(String p) {
            return switch (this) {
                case SEQ_ASC -> " ORDER BY " + p + "seq_id";
                case TIME_ASC -> " ORDER BY " + p + "timestamp, " + p + "seq_id";
                case TIME_DESC -> " ORDER BY " + p + "timestamp DESC, " + p + "seq_id DESC";
            };
        }

        /** The condition that resumes after the row with this timestamp and seq id. */
        String after(String p) {
            return switch (this) {
                case SEQ_ASC -> " AND " + p + "seq_id > ?";
                case TIME_ASC -> " AND (" + p + "timestamp > make_timestamp(?) OR (" + p
                        + "timestamp = make_timestamp(?) AND " + p + "seq_id > ?))";
                case TIME_DESC -> " AND (" + p + "timestamp < make_timestamp(?) OR (" + p
                        + "timestamp = make_timestamp(?) AND " + p + "seq_id < ?))";
            };
        }

        /** Orders keyed rows as {@link #orderBy} does. */
        Comparator<Keyed<?>> comparator() {
            Comparator<Keyed<?>> bySeq = Comparator.comparingLong(Keyed::seqId);
            return switch (this) {
                case SEQ_ASC -> bySeq;
                case TIME_ASC -> Comparator.<Keyed<?>>comparingLong(Keyed::micros).thenComparing(bySeq);
                case TIME_DESC -> Comparator.<Keyed<?>>comparingLong(Keyed::micros).thenComparing(bySeq).reversed();
            };
        }

        int bindAfter(PreparedStatement ps, int i, long timestampMicros, long seqId) throws SQLException {
            if (this != SEQ_ASC) {
                ps.setLong(i++, timestampMicros);
                ps.setLong(i++, timestampMicros);
            }
            ps.setLong(i++, seqId);
            return i;
        }
    }

    /** A row with the columns it is ordered by. */
    record Keyed<R>(R row, long seqId, long micros) {}

    /** Binds a query's parameters from index 1; returns the next free index. */
    interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    /** One row from the current position of a result set (its first columns are the row's). */
    interface RowReader<R> {
        R read(ResultSet rs) throws SQLException;
    }

    private OrderedRows() {}

    /**
     * @param columns the row's select list
     * @param from the table, with its alias if {@code prefix} is one ({@code "t s"}, prefix {@code "s."})
     * @param where {@code " WHERE ..."}, whose placeholders {@code binder} binds
     */
    static <R> List<R> read(Connection c, String columns, String from, String prefix, String where, Binder binder,
            Order order, int limit, RowReader<R> reader) throws SQLException {
        String select = "SELECT " + columns + ", " + prefix + "seq_id, epoch_us(" + prefix + "timestamp) FROM " + from
                + " WHERE " + prefix + "seq_id IN (SELECT " + prefix + "seq_id FROM " + from + where;
        List<R> out = new ArrayList<>();
        Keyed<R> last = null;
        while (out.size() < limit) {
            int n = Math.min(CHUNK, limit - out.size());
            // The join back to the wide columns is not sorted by DuckDB (a sort of wide rows is what
            // this avoids): its rows are put in order here, by the keys selected with them.
            String sql = select + (last == null ? "" : order.after(prefix)) + order.orderBy(prefix) + " LIMIT " + n + ")";
            List<Keyed<R>> chunk = new ArrayList<>(n);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = binder.bind(ps);
                if (last != null) {
                    order.bindAfter(ps, i, last.micros(), last.seqId());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int keys = rs.getMetaData().getColumnCount() - 1;
                    while (rs.next()) {
                        chunk.add(new Keyed<>(reader.read(rs), rs.getLong(keys), rs.getLong(keys + 1)));
                    }
                }
            }
            chunk.sort(order.comparator());
            chunk.forEach(k -> out.add(k.row()));
            if (chunk.size() < n) {
                break;
            }
            last = chunk.getLast();
        }
        return out;
    }
}
