package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.StackSample;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * Appends profile cycles: each distinct frame name once to {@code profile_frame_dictionary_local},
 * and each stack to {@code cpu_profile_samples_local} as an array of frame ids, innermost first.
 * Keeps the dictionary in memory (writer thread only); it follows the transactions: frames of a
 * rolled-back group are forgotten, and {@link #load} re-reads it after retention or a reopen.
 */
final class ProfileAppender {
    private final Map<String, Integer> frameIds = new HashMap<>();
    private final List<String> pendingFrames = new ArrayList<>();
    private int nextFrameId;

    /** (Re)reads the committed dictionary. */
    void load(Connection c) throws SQLException {
        frameIds.clear();
        pendingFrames.clear();
        nextFrameId = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT frame_id, frame FROM " + Schema.FRAMES)) {
            while (rs.next()) {
                frameIds.put(rs.getString(2), rs.getInt(1));
                nextFrameId = Math.max(nextFrameId, rs.getInt(1) + 1);
            }
        }
    }

    int append(DuckDBAppender samples, DuckDBAppender frames, ProfileBatch batch, long nextSeq, long createdMicros)
            throws SQLException {
        validate(batch);
        int[] globalIds = new int[batch.frames().size()];
        for (int i = 0; i < globalIds.length; i++) {
            String frame = batch.frames().get(i);
            Integer id = frameIds.get(frame);
            if (id == null) {
                id = nextFrameId++;
                frameIds.put(frame, id);
                pendingFrames.add(frame);
                frames.beginRow().append(id).append(frame).endRow();
            }
            globalIds[i] = id;
        }
        int n = 0;
        for (StackSample s : batch.samples()) {
            int[] local = s.frameIds();
            int[] stack = new int[local.length];
            for (int i = 0; i < local.length; i++) {
                stack[i] = globalIds[local[i]];
            }
            samples.beginRow();
            samples.append(nextSeq + n);
            samples.appendEpochMicros(batch.timestampMillis() * 1000);
            samples.append(s.serviceName());
            samples.append(s.pid());
            samples.append(s.buildId());
            samples.append(stack);
            samples.append(s.count());
            samples.appendEpochMicros(createdMicros);
            samples.endRow();
            n++;
        }
        return n;
    }

    /** Refuses a batch whose stacks point outside its frame list, before any of its rows is appended. */
    private static void validate(ProfileBatch batch) {
        int frames = batch.frames().size();
        for (StackSample s : batch.samples()) {
            for (int id : s.frameIds()) {
                if (id < 0 || id >= frames) {
                    throw new IllegalArgumentException("profile stack of pid " + s.pid() + " refers to frame " + id
                            + " but the batch has " + frames + " frames");
                }
            }
            if (s.pid() < 0 || s.count() < 0) {
                throw new IllegalArgumentException("profile stack with negative pid or count: pid=" + s.pid()
                        + " count=" + s.count());
            }
        }
    }

    /** The transaction committed: new frames are permanent. */
    void committed() {
        pendingFrames.clear();
    }

    /** The transaction rolled back: forget frames it added. */
    void rolledBack() {
        for (String frame : pendingFrames) {
            frameIds.remove(frame);
        }
        nextFrameId -= pendingFrames.size();
        pendingFrames.clear();
    }
}
