package dev.coral.agent.api.query;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Consistent read-only copies of a store's database files, for {@code GET /duckdb/<db>}: never
 * the live file, which another process cannot open while the agent holds it.
 *
 * @since 0.1.0
 */
public interface DatabaseSnapshots {
    /** The database names served, e.g. {@code metrics.duckdb}. */
    List<String> databases();

    /**
     * A snapshot file of {@code name}, refreshed when older than the store's refresh interval;
     * empty for an unknown name. The file stays valid until the next refresh replaces it.
     */
    Optional<Path> snapshot(String name) throws IOException;
}
