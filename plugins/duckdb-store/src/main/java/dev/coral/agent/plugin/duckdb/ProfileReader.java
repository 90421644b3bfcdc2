package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.ProfileQueries;
import dev.coral.agent.api.query.ProfileSampleRow;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** CPU profile queries: stacks of frame ids turned back into frame names through the dictionary. */
final class ProfileReader implements ProfileQueries {
    private static final String COLUMNS = "s.seq_id, epoch_us(s.timestamp) // 1000, s.service_name, s.pid, s.build_id,"
            + " (SELECT list(d.frame ORDER BY u.i) FROM unnest(s.stack_frame_ids) WITH ORDINALITY AS u(id, i)"
            + " JOIN " + Schema.FRAMES + " d ON d.frame_id = u.id), s.sample_count";
    private static final String FROM = Schema.PROFILE_SAMPLES + " s";

    private final Database db;
    private final String sessionId;

    ProfileReader(Database db, String sessionId) {
        this.db = db;
        this.sessionId = sessionId;
    }

    @Override
    public Page<ProfileSampleRow> samplesSince(long afterSeqId, String service, int limit) {
        List<ProfileSampleRow> rows = query(" WHERE s.seq_id > ?" + serviceFilter(service),
                OrderedRows.Order.SEQ_ASC, List.of(afterSeqId), service, limit);
        return new Page<>(rows, rows.isEmpty() ? 0 : rows.getLast().seqId(), sessionId);
    }

    @Override
    public List<ProfileSampleRow> samplesBetween(Instant from, Instant until, String service, int limit) {
        return query(" WHERE s.timestamp >= make_timestamp(?) AND s.timestamp < make_timestamp(?)"
                + serviceFilter(service), OrderedRows.Order.TIME_ASC,
                List.of(SpanReader.micros(from), SpanReader.micros(until)), service, limit);
    }

    private static String serviceFilter(String service) {
        return service.isEmpty() ? "" : " AND s.service_name = ?";
    }

    private List<ProfileSampleRow> query(String where, OrderedRows.Order order, List<Long> bounds, String service,
            int limit) {
        try {
            return db.read(c -> OrderedRows.read(c, COLUMNS, FROM, "s.", where,
                    ps -> Params.bind(ps, bounds, service.isEmpty() ? List.of() : List.of(service)), order, limit,
                    rs -> new ProfileSampleRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), frames(rs.getArray(6)), rs.getLong(7))));
        } catch (SQLException e) {
            throw new IllegalStateException("profile query failed: " + e.getMessage(), e);
        }
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
