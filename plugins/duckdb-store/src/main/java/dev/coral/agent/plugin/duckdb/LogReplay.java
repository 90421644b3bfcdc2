package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before anything new is taken: folds the ingest log's records that DuckDB does not
 * hold yet (lsn above the folded one: acknowledged before a crash or a shutdown that ran out of
 * time), in log order and in groups of about {@code fold-rows}, so every acknowledged batch is
 * stored exactly once and the seq ids stay dense; then deletes the segments, all folded.
 */
final class LogReplay {
    private static final Logger LOG = LoggerFactory.getLogger(LogReplay.class);

    /** Makes a logged record the writer's batch again, as the consumer did when it arrived. */
    @FunctionalInterface
    interface Converter {
        PendingBatch.Content convert(Signal<?> signal, byte[] payload, long createdMicros) throws IOException;
    }

    /** What the replay found: the highest lsn in the log, and how many records it folded. */
    record Result(long lastLsn, long replayed) {}

    private LogReplay() {}

    static Result run(Path dir, long foldedLsn, int foldRows, Converter converter, GroupTransaction tx)
            throws IOException, WriteFailure {
        long last = foldedLsn;
        long replayed = 0;
        List<PendingBatch> group = new ArrayList<>();
        int[] rows = {0};
        for (Path segment : LogSegments.list(dir)) {
            List<PendingBatch> read = new ArrayList<>();
            long lastInSegment = LogSegments.read(segment, r -> {
                if (r.lsn() > foldedLsn) {
                    try {
                        read.add(PendingBatch.logged(converter.convert(r.signal(), r.payload(), r.createdMicros()),
                                System.nanoTime(), r.lsn(), 0));
                    } catch (IOException | RuntimeException e) {
                        // Its CRC held, so this is no torn write: a record this version cannot read.
                        LOG.error("ingest log record unreadable, skipped lsn={} segment={} error=\"{}\"", r.lsn(),
                                segment.getFileName(), e.toString());
                    }
                }
            });
            last = Math.max(last, lastInSegment);
            for (PendingBatch p : read) {
                group.add(p);
                rows[0] += p.rows();
                replayed++;
                if (rows[0] >= foldRows) {
                    write(group, tx);
                    group.clear();
                    rows[0] = 0;
                }
            }
        }
        if (!group.isEmpty()) {
            write(group, tx);
        }
        for (Path segment : LogSegments.list(dir)) {
            java.nio.file.Files.delete(segment); // all folded now: the log starts afresh
        }
        if (replayed > 0) {
            LOG.info("ingest log replayed into the store records={} last_lsn={} dir={}", replayed, last, dir);
        }
        return new Result(last, replayed);
    }

    /**
     * A new database file beside an old log: the file was deleted (to start afresh, or lost). The
     * log's records belong to the old file, most of them folded into it already; replaying them
     * would bring back what was deleted, so they go, with a warning naming how many.
     */
    static void discard(Path dir, Path file) throws IOException {
        List<Path> segments = LogSegments.list(dir);
        if (segments.isEmpty()) {
            return;
        }
        long[] records = {0};
        for (Path segment : segments) {
            LogSegments.read(segment, r -> records[0]++);
        }
        for (Path segment : segments) {
            java.nio.file.Files.delete(segment);
        }
        LOG.warn("ingest log of a previous database file dropped: {} is new records={} dir={}", file.getFileName(),
                records[0], dir);
    }

    /** One group, or batch by batch when DuckDB refuses a batch's rows: that one is dropped, loudly. */
    private static void write(List<PendingBatch> group, GroupTransaction tx) throws WriteFailure {
        try {
            tx.write(group);
        } catch (WriteFailure f) {
            if (f.stage() != WriteFailure.Stage.APPEND) {
                throw f;
            }
            for (PendingBatch p : group) {
                try {
                    tx.write(List.of(p));
                } catch (WriteFailure g) {
                    if (g.stage() != WriteFailure.Stage.APPEND) {
                        throw g;
                    }
                    LOG.error("ingest log record cannot be stored, dropped lsn={} error=\"{}\"", p.lsn(), g.getMessage());
                    try {
                        tx.foldedUpTo(p.lsn());
                    } catch (java.sql.SQLException e) {
                        throw new WriteFailure(WriteFailure.Stage.COMMIT, e);
                    }
                }
            }
        }
    }
}
