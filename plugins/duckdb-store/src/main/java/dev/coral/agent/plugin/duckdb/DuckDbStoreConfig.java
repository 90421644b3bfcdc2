package dev.coral.agent.plugin.duckdb;

import java.time.Duration;

/**
 * Settings of the {@code duckdb} store.
 *
 * @param file the database file name inside {@code agent.data-dir}
 * @param retention how long each kind of data is kept
 * @param cleanupInterval how often expired rows are deleted
 * @param maxSize when above 0, the oldest data is dropped first while the database uses more
 * @param queueSize batches waiting for the writer; past it, batches are refused (OVERLOADED)
 * @param maxGroup batches committed together in one transaction at most
 * @param commitDelay the longest the writer lets a batch wait for others to share its commit, while
 *     that pays (see {@link CommitPacing}); zero: commit as soon as the writer is free
 * @param snapshotRefresh a {@code /duckdb/<db>} snapshot is reused for this long
 * @param checkpointThreshold the writer checkpoints the database when its WAL grows past this
 * @param engine how much of the host DuckDB itself may use
 * @param limits how long one stored value may be
 * @param queries how much one query page may hold
 * @param ingestLog where traces, metrics and logs become durable before DuckDB holds them
 */
public record DuckDbStoreConfig(String file, Retention retention, Duration cleanupInterval, long maxSize, int queueSize,
        int maxGroup, Duration commitDelay, Duration snapshotRefresh, long checkpointThreshold, Engine engine,
        Limits limits, Queries queries, IngestLog ingestLog) {

    /**
     * The ingest log ({@link IngestLog}): OTLP batches are acknowledged once appended and fsynced
     * there, and folded into DuckDB in large transactions.
     *
     * @param enabled false: every batch waits for its DuckDB commit, as before the log
     * @param foldInterval the longest a logged batch waits before its fold into DuckDB
     * @param foldRows a fold starts at once when this many rows wait
     * @param maxPending estimated heap bytes of logged batches not folded yet; past it, batches are refused
     * @param segmentSize the log rolls to a new file past this; folded files are deleted
     */
    public record IngestLog(boolean enabled, Duration foldInterval, int foldRows, long maxPending, long segmentSize) {}

    /**
     * The longest values stored; longer ones are cut with a marker ({@link ValueLimits}).
     *
     * @param maxValueLength characters of one string: attribute key or value, span name, status message
     * @param maxAttributesLength characters of one span's (event's, link's, resource's) attributes as JSON
     */
    public record Limits(int maxValueLength, int maxAttributesLength) {}

    /**
     * Per-table retention windows (DESIGN.md defaults).
     *
     * @param metrics the five otel_metrics tables (application metric points)
     */
    public record Retention(Duration spans, Duration beyla, Duration systemMetrics, Duration cpuProfiles,
            Duration binaryMetadata, Duration metrics, Duration logs) {}

    /**
     * DuckDB's own budget. Its defaults (80 % of RAM, a thread per core) suit a database
     * server, not a daemon beside the applications it watches.
     *
     * @param memoryLimit DuckDB's buffer pool; past it, data is evicted or spilled to disk
     * @param threads DuckDB's worker threads for queries and checkpoints
     */
    public record Engine(long memoryLimit, int threads) {}

    /**
     * Bounds of a query page, so that a query over huge rows cannot exhaust the agent's heap.
     *
     * @param pageBytes a page takes rows while their text fits in this (a larger row comes alone)
     * @param maxValueBytes a single text value above this comes back as a marker naming its size
     */
    public record Queries(long pageBytes, long maxValueBytes) {}

    /**
     * An eighth of the heap (20 MiB with the launcher's -Xmx160m), at least 8 MiB: beside the receivers' quarter
     * ({@code agent.max-inflight}), what the heap holds of received data stays bounded.
     */
    static long defaultMaxPending() {
        return Math.max(8L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    public static DuckDbStoreConfig defaults() {
        return new DuckDbStoreConfig("metrics.duckdb",
                new Retention(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
                        Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1)),
                Duration.ofHours(1), 0, 1024, 256, Duration.ofMillis(50), Duration.ofSeconds(5), 16L << 20,
                new Engine(64L << 20, 1), new Limits(16 * 1024, 256 * 1024), new Queries(4L << 20, 16L << 20),
                new IngestLog(true, Duration.ofSeconds(1), 16_384, defaultMaxPending(), 8L << 20));
    }
}
