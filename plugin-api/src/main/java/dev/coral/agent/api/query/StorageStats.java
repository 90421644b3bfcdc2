package dev.coral.agent.api.query;

import java.util.List;

/**
 * Sizes and counts for {@code /status}.
 *
 * @since 0.1.0
 */
public interface StorageStats {
    /** One table: rows now and the highest seq id ever assigned. */
    record TableStats(String table, long rows, long maxSeqId) {}

    /** One database file. */
    record FileStats(String name, long bytes) {}

    /** The database's session id (a UUID created with the file). */
    String sessionId();

    List<TableStats> tables();

    List<FileStats> files();
}
