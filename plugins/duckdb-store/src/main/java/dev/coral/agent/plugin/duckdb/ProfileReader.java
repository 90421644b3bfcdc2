package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU profile queries, in pages bounded by rows and bytes: stacks of frame ids turned back into
 * frame names through the dictionary.
 */
final class ProfileReader implements ProfileQueries {
    /** Build ids bound in one IN list: a profile names a few hundred binaries at most. */
    static final int BINARIES_PER_QUERY = 500;
    private static final String COLUMNS = "s.seq_id, epoch_us(s.timestamp) // 1000, s.service_name, s.pid, s.build_id,"
            + " (SELECT list(d.frame ORDER BY u.i) FROM unnest(s.stack_frame_ids) WITH ORDINALITY AS u(id, i)"
            + " JOIN " + Schema.FRAMES + " d ON d.frame_id = u.id), s.sample_count,"
            + " (SELECT list(coalesce(d.build_id, '') ORDER BY u.i) FROM unnest(s.stack_frame_ids) WITH ORDINALITY"
            + " AS u(id, i) JOIN " + Schema.FRAMES + " d ON d.frame_id = u.id)";
    /** The frame names and build ids a stack turns into: its size in a page. */
    private static final String FRAME_BYTES = "(SELECT coalesce(sum(strlen(d.frame) + coalesce(strlen(d.build_id), 0)), 0)"
            + " FROM unnest(s.stack_frame_ids) AS u(id) JOIN " + Schema.FRAMES + " d ON d.frame_id = u.id)";

    private final Database db;
    private final String sessionId;
    private final OrderedRows.Table table;
    private final long pageBytes;

    ProfileReader(Database db, String sessionId, DuckDbStoreConfig.Queries limits) {
        this.db = db;
        this.sessionId = sessionId;
        this.pageBytes = limits.pageBytes();
        String rowBytes = "(" + new TextColumns(limits.maxValueBytes()).rowBytes("s.service_name", "s.build_id")
                + " + " + FRAME_BYTES + ")";
        this.table = new OrderedRows.Table(COLUMNS, Schema.PROFILE_SAMPLES + " s", "s.", rowBytes);
    }

    @Override
    public Page<ProfileSampleRow> samplesSince(long afterSeqId, String service, int limit) {
        if (afterSeqId < 0) {
            return Pages.afterEveryRow(sessionId);
        }
        return query(" WHERE s.seq_id > ?" + serviceFilter(service), List.of(afterSeqId), service,
                OrderedRows.Order.SEQ_ASC, limit, "");
    }

    @Override
    public Page<ProfileSampleRow> samplesBetween(Instant from, Instant until, String service, int limit,
            String pageToken) {
        return query(" WHERE s.timestamp >= make_timestamp(?) AND s.timestamp < make_timestamp(?)"
                + serviceFilter(service), List.of(SpanReader.micros(from), SpanReader.micros(until)), service,
                OrderedRows.Order.TIME_ASC, limit, pageToken);
    }

    private static String serviceFilter(String service) {
        return service.isEmpty() ? "" : " AND s.service_name = ?";
    }

    private Page<ProfileSampleRow> query(String where, List<Long> bounds, String service, OrderedRows.Order order,
            int limit, String pageToken) {
        OrderedRows.Position after = order.parse(pageToken);
        try {
            OrderedRows.Result<ProfileSampleRow> r = db.read(c -> OrderedRows.read(c, table, where,
                    ps -> Params.bind(ps, bounds, service.isEmpty() ? List.of() : List.of(service)), order, limit,
                    after, pageBytes, rs -> new ProfileSampleRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getInt(4), rs.getString(5), frames(rs.getArray(6)), rs.getLong(7),
                            frames(rs.getArray(8)))));
            return Pages.of(r, order, ProfileSampleRow::seqId, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("profile query failed: " + e.getMessage(), e);
        }
    }

    /** Binaries by build id, each once (the newest row should a store hold two), at most {@link #BINARIES_PER_QUERY} a query. */
    @Override
    public List<ProfileBinary> binaries(Collection<String> buildIds) {
        List<String> ids = buildIds.stream().filter(id -> id != null && !id.isEmpty()).distinct().toList();
        List<ProfileBinary> out = new ArrayList<>();
        try {
            for (int from = 0; from < ids.size(); from += BINARIES_PER_QUERY) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BINARIES_PER_QUERY));
                out.addAll(db.read(c -> binaries(c, chunk)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("binary query failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<ProfileBinary> binaries(Connection c, List<String> ids) throws SQLException {
        String sql = "SELECT build_id, path, name, size, attributes FROM " + Schema.BINARY_METADATA
                + " WHERE build_id IN (" + String.join(",", Collections.nCopies(ids.size(), "?"))
                + ") QUALIFY row_number() OVER (PARTITION BY build_id ORDER BY seq_id DESC) = 1";
        List<ProfileBinary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Params.bind(ps, List.of(), ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> attributes = new HashMap<>();
                    String json = rs.getString(5);
                    if (json != null) {
                        new FlatJson(json).readObjectInto(attributes);
                    }
                    long size = rs.getLong(4);
                    if (rs.wasNull()) {
                        size = -1;
                    }
                    out.add(new ProfileBinary(rs.getString(1), nonNull(rs.getString(2)), nonNull(rs.getString(3)),
                            size, attributes));
                }
            }
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static List<String> frames(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
