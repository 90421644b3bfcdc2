package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * The {@code duckdb} store: local tables of spans, logs, host and application metrics, profiles and
 * eBPF (Beyla) data, with retention.
 */
@Extension
public final class DuckDbStoreFactory implements FactoryProvider {
    /** Below this DuckDB cannot hold the writer's row groups and a query at once. */
    private static final long MIN_MEMORY_LIMIT = 16L << 20;
    /** Every batch of a group waits up to this for its answer: past a second, clients would notice. */
    private static final Duration MAX_COMMIT_DELAY = Duration.ofSeconds(1);
    /** Acknowledged data would wait longer than this for queries to see it. */
    private static final Duration MAX_FOLD_INTERVAL = Duration.ofSeconds(10);
    /** Below this one large batch could never be taken. */
    private static final long MIN_PENDING = 1L << 20;
    private static final long MIN_SEGMENT = 64L << 10;
    /** Below this the truncation marker itself would be about as large as what it replaces. */
    private static final long MIN_VALUE_BYTES = 1024;

    @Override
    public StoreFactory<DuckDbStoreConfig> factory() {
        return StoreFactory.builder("duckdb", DuckDbStoreConfig::defaults, DuckDbStoreFactory::read)
                .traces(Stability.BETA).metrics(Stability.BETA).profiles(Stability.ALPHA).ebpf(Stability.ALPHA)
                .logs(Stability.ALPHA)
                .build(DuckDbStore::new);
    }

    /** Reads the store's block over the defaults; each bad value is recorded with file, line and key. */
    static DuckDbStoreConfig read(Settings s, DuckDbStoreConfig d) {
        String file = s.string("file", d.file(),
                f -> !f.isBlank() && !f.contains("/") && !f.contains("\\") && !f.startsWith("."),
                "a file name inside agent.data-dir, e.g. metrics.duckdb");
        Settings r = s.section("retention");
        var dr = d.retention();
        var retention = new DuckDbStoreConfig.Retention(positive(r, "spans", dr.spans()),
                positive(r, "beyla", dr.beyla()), positive(r, "system-metrics", dr.systemMetrics()),
                positive(r, "cpu-profiles", dr.cpuProfiles()), positive(r, "binary-metadata", dr.binaryMetadata()),
                positive(r, "metrics", dr.metrics()), positive(r, "logs", dr.logs()));
        Duration cleanup = positive(s, "cleanup-interval", d.cleanupInterval());
        long maxSize = s.bytes("max-size", d.maxSize(), n -> n >= 0, "a size such as 2GiB, or 0 for no limit");
        int queue = s.integer("queue-size", d.queueSize(), n -> n >= 1, "a positive number of batches");
        int group = s.integer("max-group", d.maxGroup(), n -> n >= 1, "a positive number of batches");
        Duration commitDelay = s.duration("commit-delay", d.commitDelay(),
                t -> !t.isNegative() && t.compareTo(MAX_COMMIT_DELAY) <= 0, "a duration from 0ms to 1s, such as 20ms");
        Duration refresh = s.duration("snapshot-refresh", d.snapshotRefresh(), t -> !t.isNegative(),
                "a duration of 0 or more");
        long checkpoint = s.bytes("checkpoint-threshold", d.checkpointThreshold(), n -> n >= 1,
                "a positive size such as 16MiB");
        long memoryLimit = s.bytes("memory-limit", d.engine().memoryLimit(), n -> n >= MIN_MEMORY_LIMIT,
                "a size of at least 16MiB, such as 128MiB");
        int threads = s.integer("threads", d.engine().threads(), n -> n >= 1, "a positive number of threads");
        int maxValue = (int) Math.min(Integer.MAX_VALUE, s.bytes("max-value-length", d.limits().maxValueLength(),
                n -> n >= 16, "at least 16 characters, such as 16KiB"));
        // DuckDB pins a whole string while it writes it: a checkpoint must fit the largest at once.
        int maxAttributes = (int) Math.min(Integer.MAX_VALUE,
                s.bytes("max-attributes-length", d.limits().maxAttributesLength()));
        if (maxAttributes < maxValue || maxAttributes > memoryLimit / 16) {
            s.reject("max-attributes-length", "between max-value-length (" + maxValue
                    + ") and a sixteenth of memory-limit (" + memoryLimit / 16 + ")");
        }
        Settings q = s.section("query");
        long pageBytes = q.bytes("page-bytes", d.queries().pageBytes(), n -> n >= 1, "a positive size such as 4MiB");
        long maxValueBytes = q.bytes("max-value-bytes", d.queries().maxValueBytes(), n -> n >= MIN_VALUE_BYTES,
                "a size of at least 1KiB, such as 16MiB");
        Settings l = s.section("ingest-log");
        var dl = d.ingestLog();
        var ingestLog = new DuckDbStoreConfig.IngestLog(l.flag("enabled", dl.enabled()),
                l.duration("fold-interval", dl.foldInterval(),
                        t -> t.toMillis() >= 1 && t.compareTo(MAX_FOLD_INTERVAL) <= 0, "a duration from 1ms to 10s, such as 1s"),
                l.integer("fold-rows", dl.foldRows(), n -> n >= 1, "a positive number of rows"),
                l.bytes("max-pending", dl.maxPending(), n -> n >= MIN_PENDING, "a size of at least 1MiB, such as 32MiB"),
                l.bytes("segment-size", dl.segmentSize(), n -> n >= MIN_SEGMENT, "a size of at least 64KiB, such as 8MiB"));
        return new DuckDbStoreConfig(file, retention, cleanup, maxSize, queue, group, commitDelay, refresh, checkpoint,
                new DuckDbStoreConfig.Engine(memoryLimit, threads), new DuckDbStoreConfig.Limits(maxValue, maxAttributes),
                new DuckDbStoreConfig.Queries(pageBytes, maxValueBytes), ingestLog);
    }

    private static Duration positive(Settings s, String key, Duration def) {
        return s.duration(key, def, t -> !t.isNegative() && !t.isZero(), "a positive duration such as 1h");
    }
}
