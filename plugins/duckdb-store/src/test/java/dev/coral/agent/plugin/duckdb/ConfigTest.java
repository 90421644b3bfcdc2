package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code stores.duckdb} block: defaults, every key, and what a wrong value says. */
class ConfigTest {
    @Test
    void defaultsAreTheDesignsOnes() {
        DuckDbStoreConfig c = TestStores.config("");
        assertThat(c).isEqualTo(DuckDbStoreConfig.defaults());
        assertThat(c.file()).isEqualTo("metrics.duckdb");
        assertThat(c.retention()).isEqualTo(new DuckDbStoreConfig.Retention(Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1)));
        assertThat(c.cleanupInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.maxSize()).isZero();
        assertThat(c.queueSize()).isEqualTo(1024);
        assertThat(c.maxGroup()).isEqualTo(256);
        assertThat(c.snapshotRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpointThreshold()).isEqualTo(16L << 20);
        assertThat(c.engine()).isEqualTo(new DuckDbStoreConfig.Engine(64L << 20, 1));
    }

    @Test
    void everyKeyIsRead() {
        DuckDbStoreConfig c = TestStores.config("""
                file = agent.duckdb
                retention { spans = 2h, beyla = 30m, system-metrics = 3h, cpu-profiles = 15m, binary-metadata = 1d,
                  metrics = 45m, logs = 40m }
                cleanup-interval = 10m
                max-size = 2GiB
                queue-size = 64
                max-group = 8
                commit-delay = 30ms
                snapshot-refresh = 0s
                checkpoint-threshold = 64MiB
                memory-limit = 1GiB
                threads = 4
                max-value-length = 4KiB
                max-attributes-length = 64KiB
                query { page-bytes = 1MiB, max-value-bytes = 2MiB }
                ingest-log { enabled = false, fold-interval = 250ms, fold-rows = 1000, max-pending = 8MiB, segment-size = 1MiB }
                """);
        assertThat(c).isEqualTo(new DuckDbStoreConfig("agent.duckdb", new DuckDbStoreConfig.Retention(Duration.ofHours(2),
                Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofMinutes(15), Duration.ofDays(1),
                Duration.ofMinutes(45), Duration.ofMinutes(40)),
                Duration.ofMinutes(10), 2L << 30, 64, 8, Duration.ofMillis(30), Duration.ZERO, 64L << 20,
                new DuckDbStoreConfig.Engine(1L << 30, 4), new DuckDbStoreConfig.Limits(4096, 65536),
                new DuckDbStoreConfig.Queries(1L << 20, 2L << 20),
                new DuckDbStoreConfig.IngestLog(false, Duration.ofMillis(250), 1000, 8L << 20, 1L << 20)));
    }

    @Test
    void engineBudgetReachesDuckDb(@TempDir Path dir) throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "memory-limit = 48MiB\nthreads = 3");
        try {
            assertThat(TestStores.strings(store, "SELECT current_setting('memory_limit')")).singleElement()
                    .isEqualTo("48.0 MiB");
            assertThat(TestStores.longs(store, "SELECT current_setting('threads')")).containsExactly(3L);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void wrongValuesNameTheKeyAndWhatIsExpected() {
        assertProblem("file = \"../x.duckdb\"", "stores.duckdb.file", "a file name inside agent.data-dir");
        assertProblem("file = \"a/b.duckdb\"", "stores.duckdb.file", "a file name inside agent.data-dir");
        assertProblem("retention { spans = 0s }", "stores.duckdb.retention.spans", "a positive duration");
        assertProblem("retention { beyla = banana }", "stores.duckdb.retention.beyla", "a duration");
        assertProblem("cleanup-interval = -1m", "stores.duckdb.cleanup-interval", "a positive duration");
        assertProblem("max-size = -5", "stores.duckdb.max-size", "a size");
        assertProblem("queue-size = 0", "stores.duckdb.queue-size", "a positive number");
        assertProblem("max-group = 0", "stores.duckdb.max-group", "a positive number");
        assertProblem("commit-delay = 2s", "stores.duckdb.commit-delay", "from 0ms to 1s");
        assertProblem("snapshot-refresh = -1s", "stores.duckdb.snapshot-refresh", "0 or more");
        assertProblem("checkpoint-threshold = 0", "stores.duckdb.checkpoint-threshold", "a positive size");
        assertProblem("memory-limit = 1MiB", "stores.duckdb.memory-limit", "at least 16MiB");
        assertProblem("threads = 0", "stores.duckdb.threads", "a positive number");
        assertProblem("query { page-bytes = 0 }", "stores.duckdb.query.page-bytes", "a positive size");
        assertProblem("query { max-value-bytes = 100 }", "stores.duckdb.query.max-value-bytes", "at least 1KiB");
        assertProblem("ingest-log { fold-interval = 11s }", "stores.duckdb.ingest-log.fold-interval", "from 1ms to 10s");
        assertProblem("ingest-log { fold-rows = 0 }", "stores.duckdb.ingest-log.fold-rows", "a positive number");
        assertProblem("ingest-log { max-pending = 1KiB }", "stores.duckdb.ingest-log.max-pending", "at least 1MiB");
        assertProblem("ingest-log { segment-size = 1KiB }", "stores.duckdb.ingest-log.segment-size", "at least 64KiB");
        assertProblem("ingest-log { enabled = maybe }", "stores.duckdb.ingest-log.enabled", "");
    }

    private static void assertProblem(String hocon, String key, String expected) {
        assertThatThrownBy(() -> TestStores.config(hocon)).isInstanceOf(ConfigProblem.class)
                .hasMessageContaining(key).hasMessageContaining(expected);
    }
}
