package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestComponentContext.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data file deleted (or replaced) under a running store, as a rebuild wiping the data dir
 * does: DuckDB writes on into the deleted file, so the store must say so itself.
 */
class DataFileGoneTest {
    @TempDir
    Path dir;

    @Test
    void aDeletedDataFileTurnsTheStoreDegradedOnceNamingThePathAndTheRemedy() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "");
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 10, now)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            Path file = dir.resolve("metrics.duckdb");

            Files.delete(file);
            Files.deleteIfExists(dir.resolve("metrics.duckdb.wal"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(context.reports()).last()
                    .satisfies(r -> assertThat(r.health()).isEqualTo(Health.DEGRADED))
                    .satisfies(r -> assertThat(r.message()).contains(file.toString()).contains("was deleted")
                            .contains("Restart the agent to create a new file").contains("lost")));
            StatusReport degraded = context.reports().getLast();
            // Writes still succeed (into the deleted file) and do not turn the store OK again; the report is not repeated.
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", 2, 10, now)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            await().during(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(context.reports()).last().isEqualTo(degraded));
            assertThat(context.reports()).filteredOn(r -> r.equals(degraded)).hasSize(1);
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void aDataFileReplacedByAnotherIsReportedAsReplaced() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "");
        try {
            Path file = dir.resolve("metrics.duckdb");
            Path copy = Files.copy(file, dir.resolve("copy.duckdb"));
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(context.reports()).last()
                    .satisfies(r -> assertThat(r.health()).isEqualTo(Health.DEGRADED))
                    .satisfies(r -> assertThat(r.message()).contains(file.toString()).contains("was replaced")
                            .contains("Restart the agent")));
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void aStoreWhoseFileStaysInPlaceThroughWritesAndCheckpointsIsNotDegraded() throws Exception {
        TestComponentContext context = TestStores.context(dir);
        DuckDbStore store = TestStores.start(context, "");
        try {
            store.consumer(Signal.TRACES).consume(Batches.spans("svc", 1, 10, System.currentTimeMillis() * 1_000_000L))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            store.checkpointNow(); // a checkpoint writes the file in place: the same file
            // Several check intervals with the file in place.
            await().during(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(context.reports()).noneMatch(r -> r.health() == Health.DEGRADED));
        } finally {
            TestStores.stop(store);
        }
    }
}
