package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBinary;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;

/**
 * Appends each binary once to {@code binary_metadata_local}: a profiler names the same binaries
 * every cycle, so the build ids already stored are kept in memory (writer thread only) and
 * skipped. Like the frame dictionary it follows the transactions, and {@link #load} re-reads it
 * at start (so a restart appends no duplicate) and after retention dropped rows.
 */
final class BinaryMetadataAppender {
    private final Set<String> stored = new HashSet<>();
    private final List<String> pending = new ArrayList<>();
    private final Json json = new Json();

    void load(Connection c) throws SQLException {
        stored.clear();
        pending.clear();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT build_id FROM " + Schema.BINARY_METADATA
                        + " WHERE build_id IS NOT NULL")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
    }

    /** Appends the binaries not stored yet, numbered from {@code nextSeq}; returns how many. */
    int append(DuckDBAppender rows, List<ProfileBinary> binaries, long nextSeq, long createdMicros)
            throws SQLException {
        int n = 0;
        for (ProfileBinary b : binaries) {
            if (b.buildId().isEmpty() || !stored.add(b.buildId())) {
                continue; // no identity to keep it by, or known
            }
            pending.add(b.buildId());
            rows.beginRow();
            rows.append(nextSeq + n);
            rows.append(b.buildId());
            rows.append(b.path());
            rows.append(b.name());
            if (b.size() >= 0) {
                rows.append(b.size());
            } else {
                rows.appendNull();
            }
            rows.append(attributes(b.attributes()));
            rows.appendEpochMicros(createdMicros);
            rows.endRow();
            n++;
        }
        return n;
    }

    void committed() {
        pending.clear();
    }

    void rolledBack() {
        pending.forEach(stored::remove);
        pending.clear();
    }

    private String attributes(Map<String, String> attributes) {
        StringBuilder sb = json.builder();
        sb.append('{');
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            json.appendString(e.getKey());
            sb.append(':');
            json.appendString(e.getValue());
        });
        return sb.append('}').toString();
    }
}
