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
 * Appends profile cycles: each distinct frame (name and build id of its binary) once to
 * {@code profile_frame_dictionary_local}, each stack to {@code cpu_profile_samples_local} as an
 * array of frame ids, innermost first, and binaries not stored yet to {@code binary_metadata_local}.
 * Keeps the dictionary in memory (writer thread only); it follows the transactions: frames of a
 * rolled-back group are forgotten, and {@link #load} re-reads it after retention or a reopen.
 */
final class ProfileAppender {
    /** What one batch added. */
    record Appended(int samples, int binaries) {}

    /** A frame's identity: {@code main} of two programs is two frames. Build id "" when none. */
    private record FrameKey(String name, String buildId) {}

    private final Map<FrameKey, Integer> frameIds = new HashMap<>();
    private final List<FrameKey> pendingFrames = new ArrayList<>();
    private final BinaryMetadataAppender binaries = new BinaryMetadataAppender();
    private int nextFrameId;

    /** (Re)reads the committed dictionary and the binaries stored. */
    void load(Connection c) throws SQLException {
        frameIds.clear();
        pendingFrames.clear();
        nextFrameId = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT frame_id, frame, coalesce(build_id, '') FROM " + Schema.FRAMES)) {
            while (rs.next()) {
                frameIds.put(new FrameKey(rs.getString(2), rs.getString(3)), rs.getInt(1));
                nextFrameId = Math.max(nextFrameId, rs.getInt(1) + 1);
            }
        }
        binaries.load(c);
    }

    /**
     * @param nextSeq the seq id of the batch's first sample row
     * @param nextBinarySeq the seq id of the first binary row it may add
     */
    Appended append(TableAppenders to, ProfileBatch batch, long nextSeq, long nextBinarySeq, long createdMicros)
            throws SQLException {
        validate(batch);
        int[] globalIds = new int[batch.frames().size()];
        for (int i = 0; i < globalIds.length; i++) {
            FrameKey frame = new FrameKey(batch.frames().get(i), batch.frameBuildIds().get(i));
            Integer id = frameIds.get(frame);
            if (id == null) {
                id = nextFrameId++;
                frameIds.put(frame, id);
                pendingFrames.add(frame);
                to.frames.beginRow().append(id).append(frame.name());
                if (frame.buildId().isEmpty()) {
                    to.frames.appendNull();
                } else {
                    to.frames.append(frame.buildId());
                }
                to.frames.endRow();
            }
            globalIds[i] = id;
        }
        DuckDBAppender samples = to.samples;
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
        return new Appended(n, binaries.append(to.binaries, batch.binaries(), nextBinarySeq, createdMicros));
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
        binaries.committed();
    }

    /** The transaction rolled back: forget frames it added. */
    void rolledBack() {
        for (FrameKey frame : pendingFrames) {
            frameIds.remove(frame);
        }
        nextFrameId -= pendingFrames.size();
        pendingFrames.clear();
        binaries.rolledBack();
    }
}
