package dev.coral.agent.plugin.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Reads one page of a table's rows in an order, bounded by a row limit and by a byte budget,
 * without letting DuckDB sort wide rows and without materializing more wide rows than the budget.
 *
 * <p>Why ordering is done this way: DuckDB answers {@code ORDER BY ... LIMIT n} with a top-N heap
 * only while n is at most 5,000, and sorts every row that passes the filter above that: a colony
 * poll of 10,000 spans in the middle of an hour of data (1M rows) failed with "Out of Memory" at
 * the default 64 MiB {@code memory-limit}. So each step orders only seq ids and order keys
 * ({@link #CHUNK} of them, a top-N on two numbers) and joins back to the table for the rest of
 * those rows only (DuckDB's join filter lets the scan skip the others); the next step resumes
 * after the last row (keyset paging on the order's columns).
 *
 * <p>Why sizes come first: the JDBC driver turns a whole vector of rows (2,048) into Java strings
 * as soon as the first is read, so thirty 10 MB spans in one answer were 300 MB of heap before a
 * single row was looked at, and a 512 MiB agent died. The join back therefore returns the sizes of
 * the rows' text columns ({@link Table#rowBytes}), not the text; the page takes rows while their
 * sizes fit in the budget (the first row always, however large, so a page is never empty while rows
 * remain), and only those rows' columns are then fetched, in one query of at most the budget.
 */
final class OrderedRows {
    /** Keys ordered per query: under DuckDB's top-N threshold. */
    static final int CHUNK = 2_000;

    /** The orders the store's queries use; each ends with seq_id, so the order is total. */
    enum Order {
        SEQ_ASC('s'), TIME_ASC('a'), TIME_DESC('d'), START_ASC('t');

        /** Tells a page token of this order from one of another, so a token cannot resume the wrong query. */
        private final char tokenPrefix;

        Order(char tokenPrefix) {
            this.tokenPrefix = tokenPrefix;
        }

        /** The order's key besides seq_id, as a number: the timestamp in µs, or the start time in ns. */
        String key(String p) {
            return this == START_ASC ? p + "start_time_unix_nano" : "epoch_us(" + p + "timestamp)";
        }

        String orderBy(String p) {
            return switch (this) {
                case SEQ_ASC -> " ORDER BY " + p + "seq_id";
                case TIME_ASC -> " ORDER BY " + p + "timestamp, " + p + "seq_id";
                case TIME_DESC -> " ORDER BY " + p + "timestamp DESC, " + p + "seq_id DESC";
                case START_ASC -> " ORDER BY " + p + "start_time_unix_nano, " + p + "seq_id";
            };
        }

        /** The condition that resumes after a row (bound by {@link #bindAfter}). */
        String after(String p) {
            // Timestamps are compared as timestamps, not as epoch_us(...), so that zone maps prune.
            return switch (this) {
                case SEQ_ASC -> " AND " + p + "seq_id > ?";
                case TIME_ASC -> " AND (" + p + "timestamp > make_timestamp(?) OR (" + p
                        + "timestamp = make_timestamp(?) AND " + p + "seq_id > ?))";
                case TIME_DESC -> " AND (" + p + "timestamp < make_timestamp(?) OR (" + p
                        + "timestamp = make_timestamp(?) AND " + p + "seq_id < ?))";
                case START_ASC -> " AND (" + p + "start_time_unix_nano > ? OR (" + p
                        + "start_time_unix_nano = ? AND " + p + "seq_id > ?))";
            };
        }

        Comparator<Position> comparator() {
            Comparator<Position> bySeq = Comparator.comparingLong(Position::seqId);
            return switch (this) {
                case SEQ_ASC -> bySeq;
                case TIME_ASC, START_ASC -> Comparator.comparingLong(Position::key).thenComparing(bySeq);
                case TIME_DESC -> Comparator.comparingLong(Position::key).thenComparing(bySeq).reversed();
            };
        }

        int bindAfter(PreparedStatement ps, int i, Position after) throws SQLException {
            if (this != SEQ_ASC) {
                ps.setLong(i++, after.key());
                ps.setLong(i++, after.key());
            }
            ps.setLong(i++, after.seqId());
            return i;
        }

        /** The page token that resumes after {@code last}. */
        String token(Position last) {
            return this == SEQ_ASC ? tokenPrefix + Long.toString(last.seqId())
                    : tokenPrefix + Long.toString(last.key()) + "." + last.seqId();
        }

        /**
         * Where a page token of this order resumes; null for an empty token (the first page).
         *
         * @throws IllegalArgumentException for a token this order did not give
         */
        Position parse(String token) {
            if (token == null || token.isEmpty()) {
                return null;
            }
            try {
                if (token.charAt(0) == tokenPrefix) {
                    String rest = token.substring(1);
                    if (this == SEQ_ASC) {
                        return new Position(Long.parseLong(rest), 0);
                    }
                    int dot = rest.indexOf('.');
                    if (dot > 0) {
                        return new Position(Long.parseLong(rest.substring(dot + 1)), Long.parseLong(rest.substring(0, dot)));
                    }
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("page token '" + token + "' was not given by this query: pass the "
                    + "next page token of the previous page of the same query, or none for the first page");
        }
    }

    /** Where a row sits in an order: its seq id and the order's key. */
    record Position(long seqId, long key) {}

    /**
     * What a reader selects.
     *
     * @param columns the row's select list
     * @param from the table, with its alias if {@code prefix} is one ({@code "t s"}, prefix {@code "s."})
     * @param rowBytes a SQL expression of a row's size in bytes, about what its values take in memory
     */
    record Table(String columns, String from, String prefix, String rowBytes) {}

    /** Binds a query's parameters from index 1; returns the next free index. */
    interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    /** One row from the current position of a result set (its first columns are the row's). */
    interface RowReader<R> {
        R read(ResultSet rs) throws SQLException;
    }

    /**
     * A page of rows.
     *
     * @param next where the following page starts; null when no more rows match
     */
    record Result<R>(List<R> rows, Position next) {}

    /** A row's position and size, before its columns are fetched. */
    private record Sized(Position position, long bytes) {}

    private OrderedRows() {}

    /**
     * Up to {@code limit} rows after {@code after} (null: from the start), taken while their sizes
     * fit in {@code pageBytes} (the first row always).
     *
     * @param where {@code " WHERE ..."}, whose placeholders {@code binder} binds
     */
    static <R> Result<R> read(Connection c, Table table, String where, Binder binder, Order order, int limit,
            Position after, long pageBytes, RowReader<R> reader) throws SQLException {
        List<R> out = new ArrayList<>();
        if (limit <= 0) {
            return new Result<>(out, null);
        }
        long bytes = 0;
        Position last = after;
        while (true) {
            // One key more than the page can take tells whether rows follow it.
            int want = (int) Math.min(CHUNK, (long) limit - out.size() + 1);
            List<Sized> keys = keys(c, table, where, binder, order, last, want);
            int take = 0;
            while (take < keys.size() && out.size() + take < limit) {
                long size = keys.get(take).bytes();
                if (out.size() + take > 0 && bytes + size > pageBytes) {
                    break;
                }
                bytes += size;
                take++;
            }
            List<Sized> taken = keys.subList(0, take);
            out.addAll(fetch(c, table, taken, reader));
            if (take > 0) {
                last = taken.getLast().position();
            }
            if (keys.size() < want && take == keys.size()) {
                return new Result<>(out, null);
            }
            // Rows deleted by retention between the two queries leave nothing to return yet: go on.
            if (take < keys.size() && !out.isEmpty()) {
                return new Result<>(out, last);
            }
        }
    }

    /** The next {@code n} rows' positions and sizes, in order. */
    private static List<Sized> keys(Connection c, Table t, String where, Binder binder, Order order, Position after,
            int n) throws SQLException {
        String p = t.prefix();
        String sql = "SELECT " + p + "seq_id, " + order.key(p) + ", " + t.rowBytes() + " FROM " + t.from() + " WHERE "
                + p + "seq_id IN (SELECT " + p + "seq_id FROM " + t.from() + where
                + (after == null ? "" : order.after(p)) + order.orderBy(p) + " LIMIT " + n + ")";
        List<Sized> keys = new ArrayList<>(n);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = binder.bind(ps);
            if (after != null) {
                order.bindAfter(ps, i, after);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new Sized(new Position(rs.getLong(1), rs.getLong(2)), rs.getLong(3)));
                }
            }
        }
        // The join back is not sorted by DuckDB (that would sort wide rows): ordered here.
        keys.sort(Comparator.comparing(Sized::position, order.comparator()));
        return keys;
    }

    /** The rows at these positions, in the same order; a row deleted meanwhile is left out. */
    private static <R> List<R> fetch(Connection c, Table t, List<Sized> rows, RowReader<R> reader)
            throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> index = new HashMap<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (Sized r : rows) {
            long seq = r.position().seqId();
            index.put(seq, index.size());
            min = Math.min(min, seq);
            max = Math.max(max, seq);
            ids.add(Long.toString(seq)); // numbers the store read itself: safe to inline
        }
        String p = t.prefix();
        // BETWEEN lets the scan skip row groups by their zone maps before it reads any wide column;
        // the list is left out when the ids are consecutive (a colony poll without filter).
        String sql = "SELECT " + t.columns() + ", " + p + "seq_id FROM " + t.from() + " WHERE " + p + "seq_id BETWEEN "
                + min + " AND " + max + (max - min + 1 == rows.size() ? "" : " AND " + p + "seq_id IN " + ids);
        List<R> slots = new ArrayList<>(Collections.nCopies(rows.size(), null));
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int seqColumn = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Integer at = index.get(rs.getLong(seqColumn));
                if (at != null) {
                    slots.set(at, reader.read(rs));
                }
            }
        }
        return slots.stream().filter(Objects::nonNull).toList();
    }
}
