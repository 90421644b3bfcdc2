package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.query.DatabaseSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /duckdb/<db>}: a self-contained copy another DuckDB opens read-only while the store keeps writing. */
class SnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotOpensReadOnlyWithTheRowsAndIsReusedWithinTheRefresh() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "snapshot-refresh = 1h");
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int b = 0; b < 5; b++) {
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", b, 10, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        store.consumer(Signal.METRICS).consume(Metrics.cpu(now, 3)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        DatabaseSnapshots snapshots = store.capability(DatabaseSnapshots.class).orElseThrow();
        assertThat(snapshots.databases()).containsExactly("metrics.duckdb");
        assertThat(snapshots.snapshot("other.duckdb")).isEmpty();

        Path snapshot = snapshots.snapshot("metrics.duckdb").orElseThrow();
        assertThat(snapshot).isNotEqualTo(dir.resolve("metrics.duckdb"));
        assertThat(snapshot.resolveSibling("metrics.duckdb.wal")).doesNotExist();
        assertThat(snapshot.resolveSibling("metrics.duckdb.tmp")).doesNotExist();
        assertThat(TestStores.longs(snapshot, "SELECT count(*) FROM otel_spans_local")).containsExactly(50L);
        assertThat(TestStores.longs(snapshot, "SELECT count(*) FROM system_metrics_local")).containsExactly(1L);
        assertThat(TestStores.longs(snapshot, "SELECT max(seq_id) FROM otel_spans_local")).containsExactly(50L);
        assertThat(TestStores.strings(snapshot, "SELECT value FROM db_metadata WHERE key = 'session_id'"))
                .containsExactly(store.sessionId());
        assertReadOnly(snapshot);

        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 9, 10, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        long modified = Files.getLastModifiedTime(snapshot).toMillis();
        assertThat(snapshots.snapshot("metrics.duckdb")).contains(snapshot);
        assertThat(Files.getLastModifiedTime(snapshot).toMillis()).as("reused within snapshot-refresh").isEqualTo(modified);
        assertThat(TestStores.longs(snapshot, "SELECT count(*) FROM otel_spans_local")).containsExactly(50L);
        TestStores.stop(store);
    }

    @Test
    void aStaleSnapshotIsReplacedWithTheCurrentRows() throws Exception {
        DuckDbStore store = TestStores.start(TestStores.context(dir), "snapshot-refresh = 0s");
        long now = System.currentTimeMillis() * 1_000_000L;
        DatabaseSnapshots snapshots = store.capability(DatabaseSnapshots.class).orElseThrow();
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 10, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Path first = snapshots.snapshot("metrics.duckdb").orElseThrow();
        assertThat(TestStores.longs(first, "SELECT count(*) FROM otel_spans_local")).containsExactly(10L);
        store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 10, now)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Path second = snapshots.snapshot("metrics.duckdb").orElseThrow();
        assertThat(TestStores.longs(second, "SELECT count(*) FROM otel_spans_local")).containsExactly(20L);
        TestStores.stop(store);
    }

    @Test
    void aSymlinkedSnapshotsDirectoryIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dataDir.resolve("snapshots"), elsewhere);
        DuckDbStore store = TestStores.start(TestStores.context(dataDir), "snapshot-refresh = 0s");
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 10, now)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            DatabaseSnapshots snapshots = store.capability(DatabaseSnapshots.class).orElseThrow();

            assertThatThrownBy(() -> snapshots.snapshot("metrics.duckdb")).isInstanceOf(IOException.class)
                    .hasMessageContaining(dataDir.resolve("snapshots").toString())
                    .hasMessageContaining("symbolic link");
            try (var written = Files.list(elsewhere)) {
                assertThat(written).as("nothing written through the link").isEmpty();
            }
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void aSnapshotSwappedForASymlinkIsReplacedAndTheLinkTargetNeverServedNorTouched() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET-OUTSIDE");
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        DuckDbStore store = TestStores.start(TestStores.context(dataDir), "snapshot-refresh = 1h");
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 10, now)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            DatabaseSnapshots snapshots = store.capability(DatabaseSnapshots.class).orElseThrow();
            Path first = snapshots.snapshot("metrics.duckdb").orElseThrow();
            Files.delete(first);
            Files.createSymbolicLink(first, secret);

            Path served = snapshots.snapshot("metrics.duckdb").orElseThrow();

            assertThat(Files.isSymbolicLink(served)).isFalse();
            assertThat(Files.readAllBytes(served)).isNotEqualTo(Files.readAllBytes(secret));
            assertThat(TestStores.longs(served, "SELECT count(*) FROM otel_spans_local")).containsExactly(10L);
            assertThat(Files.readString(secret)).isEqualTo("SECRET-OUTSIDE");
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void symlinksAtTheTemporaryNamesAreRemovedNotWrittenThrough() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "SECRET-OUTSIDE");
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Path snapshotsDir = Files.createDirectories(dataDir.resolve("snapshots"));
        Files.createSymbolicLink(snapshotsDir.resolve("metrics.duckdb.tmp"), secret);
        Files.createSymbolicLink(snapshotsDir.resolve("metrics.duckdb.tmp.wal"), secret);
        DuckDbStore store = TestStores.start(TestStores.context(dataDir), "snapshot-refresh = 0s");
        try {
            DatabaseSnapshots snapshots = store.capability(DatabaseSnapshots.class).orElseThrow();
            Path served = snapshots.snapshot("metrics.duckdb").orElseThrow();
            assertThat(Files.isSymbolicLink(served)).isFalse();
            assertThat(TestStores.longs(served, "SELECT count(*) FROM otel_spans_local")).containsExactly(0L);
            assertThat(Files.readString(secret)).isEqualTo("SECRET-OUTSIDE");
        } finally {
            TestStores.stop(store);
        }
    }

    private static void assertReadOnly(Path file) {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p); Statement s = c.createStatement()) {
            s.execute("DELETE FROM otel_spans_local");
            throw new AssertionError("a read-only connection deleted rows");
        } catch (SQLException e) {
            assertThat(e.getMessage()).containsIgnoringCase("read-only");
        }
    }
}
