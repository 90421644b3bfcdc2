package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.Set;
import org.pf4j.Extension;

/** The {@code duckdb} store: local tables of spans, host metrics and profiles, with retention. */
@Extension
public final class DuckDbStoreFactory implements StoreFactory<DuckDbStoreConfig> {
    /** Below this DuckDB cannot hold the writer's row groups and a query at once. */
    private static final long MIN_MEMORY_LIMIT = 16L << 20;
    /** Every batch of a group waits up to this for its answer: past a second, clients would notice. */
    private static final Duration MAX_COMMIT_DELAY = Duration.ofSeconds(1);
    /** Below this the truncation marker itself would be about as large as what it replaces. */
    private static final long MIN_VALUE_BYTES = 1024;

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS, Signal.PROFILES);
    }

    @Override
    public DuckDbStoreConfig defaultConfig() {
        return DuckDbStoreConfig.defaults();
    }

    @Override
    public DuckDbStoreConfig parseConfig(Settings s) {
        DuckDbStoreConfig d = defaultConfig();
        String file = s.string("file", d.file());
        if (file.isBlank() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw s.invalid("file", "a file name inside agent.data-dir, e.g. metrics.duckdb");
        }
        Settings r = s.section("retention");
        var dr = d.retention();
        var retention = new DuckDbStoreConfig.Retention(positive(r, "spans", dr.spans()),
                positive(r, "beyla", dr.beyla()), positive(r, "system-metrics", dr.systemMetrics()),
                positive(r, "cpu-profiles", dr.cpuProfiles()), positive(r, "binary-metadata", dr.binaryMetadata()));
        Duration cleanup = positive(s, "cleanup-interval", d.cleanupInterval());
        long maxSize = s.bytes("max-size", d.maxSize());
        if (maxSize < 0) {
            throw s.invalid("max-size", "a size such as 2GiB, or 0 for no limit");
        }
        int queue = s.integer("queue-size", d.queueSize());
        if (queue < 1) {
            throw s.invalid("queue-size", "a positive number of batches");
        }
        int group = s.integer("max-group", d.maxGroup());
        if (group < 1) {
            throw s.invalid("max-group", "a positive number of batches");
        }
        Duration commitDelay = s.duration("commit-delay", d.commitDelay());
        if (commitDelay.isNegative() || commitDelay.compareTo(MAX_COMMIT_DELAY) > 0) {
            throw s.invalid("commit-delay", "a duration from 0ms to 1s, such as 20ms");
        }
        Duration refresh = s.duration("snapshot-refresh", d.snapshotRefresh());
        if (refresh.isNegative()) {
            throw s.invalid("snapshot-refresh", "a duration of 0 or more");
        }
        long checkpoint = s.bytes("checkpoint-threshold", d.checkpointThreshold());
        if (checkpoint < 1) {
            throw s.invalid("checkpoint-threshold", "a positive size such as 16MiB");
        }
        long memoryLimit = s.bytes("memory-limit", d.engine().memoryLimit());
        if (memoryLimit < MIN_MEMORY_LIMIT) {
            throw s.invalid("memory-limit", "a size of at least 16MiB, such as 128MiB");
        }
        int threads = s.integer("threads", d.engine().threads());
        if (threads < 1) {
            throw s.invalid("threads", "a positive number of threads");
        }
        int maxValue = (int) Math.min(Integer.MAX_VALUE, s.bytes("max-value-length", d.limits().maxValueLength()));
        int maxAttributes = (int) Math.min(Integer.MAX_VALUE,
                s.bytes("max-attributes-length", d.limits().maxAttributesLength()));
        if (maxValue < 16) {
            throw s.invalid("max-value-length", "at least 16 characters, such as 16KiB");
        }
        // DuckDB pins a whole string while it writes it: a checkpoint must fit the largest at once.
        if (maxAttributes < maxValue || maxAttributes > memoryLimit / 16) {
            throw s.invalid("max-attributes-length", "between max-value-length (" + maxValue
                    + ") and a sixteenth of memory-limit (" + memoryLimit / 16 + ")");
        }
        Settings q = s.section("query");
        long pageBytes = q.bytes("page-bytes", d.queries().pageBytes());
        if (pageBytes < 1) {
            throw q.invalid("page-bytes", "a positive size such as 4MiB");
        }
        long maxValueBytes = q.bytes("max-value-bytes", d.queries().maxValueBytes());
        if (maxValueBytes < MIN_VALUE_BYTES) {
            throw q.invalid("max-value-bytes", "a size of at least 1KiB, such as 16MiB");
        }
        return new DuckDbStoreConfig(file, retention, cleanup, maxSize, queue, group, commitDelay, refresh, checkpoint,
                new DuckDbStoreConfig.Engine(memoryLimit, threads), new DuckDbStoreConfig.Limits(maxValue, maxAttributes),
                new DuckDbStoreConfig.Queries(pageBytes, maxValueBytes));
    }

    private static Duration positive(Settings s, String key, Duration def) {
        Duration v = s.duration(key, def);
        if (v.isNegative() || v.isZero()) {
            throw s.invalid(key, "a positive duration such as 1h");
        }
        return v;
    }

    @Override
    public Store create(ComponentContext context, DuckDbStoreConfig config) {
        return new DuckDbStore(context, config);
    }
}
