package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.api.Signal;
import dev.coral.agent.api.profile.ProfileBatch;
import dev.coral.agent.api.profile.ProfileBinary;
import dev.coral.agent.api.profile.StackSample;
import dev.coral.agent.api.query.DatabaseSnapshots;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots ({@code /duckdb/<db>}) open in a DuckDB that is not the agent's: the 1.x LTS driver
 * ({@code other.duckdb.version} in the pom), because the colony and users read them with
 * whatever DuckDB they have. Every table is counted through it. The live file stays in the
 * agent's DuckDB's newest format (cheaper to write, BENCHMARKS.md).
 */
class OtherDuckDbTest {
    /** The storage number DuckDB 0.10 to 1.5 write and every release since 0.10 reads (bytes 12..19 of a file). */
    private static final long STORAGE_NUMBER_V0_10 = 64;

    @TempDir
    Path dir;

    @Test
    void aSnapshotOpensInTheOtherDuckDbWithEveryTableAndTheSpansReadBack() throws Exception {
        OtherDuckDb other = OtherDuckDb.load();
        assertThat(other.version()).isEqualTo("v" + System.getProperty("other.duckdb.version").replaceAll("\\.\\d+$", ""));
        DuckDbStore store = TestStores.start(TestStores.context(dir), "snapshot-refresh = 0s");
        try {
            fill(store);
            Path snapshot = store.capability(DatabaseSnapshots.class).orElseThrow().snapshot("metrics.duckdb")
                    .orElseThrow();

            assertEveryTableReadsTheSame(other, snapshot, rowCountsOf(store));
            assertThat(storageNumber(snapshot)).isEqualTo(STORAGE_NUMBER_V0_10);
            assertThat(other.rows(snapshot, "SELECT trace_id, span_id, service_name, span_name, http_route,"
                    + " duration_ms, attributes->>'http.request.method', typeof(attributes), seq_id"
                    + " FROM otel_spans_local WHERE span_id = '" + Batches.spanId(2, 4) + "'"))
                    .containsExactly(List.of(Batches.traceId(2), Batches.spanId(2, 4), "shop", "GET /items/{id}",
                            "/items/{id}", "5.0", "GET", "JSON", "15"));
            assertThat(other.rows(snapshot, "SELECT latency_buckets[2], latency_counts[2], request_count"
                    + " FROM beyla_http_metrics_local")).containsExactly(List.of("5.0", "3", "3"));
            assertThat(other.rows(snapshot, "SELECT bucket_counts[3], explicit_bounds[2], count, sum"
                    + " FROM otel_metrics_histogram_local")).containsExactly(List.of("1", "10.0", "3", "30.0"));
            assertThat(other.rows(snapshot, "SELECT stack_frame_ids, sample_count FROM cpu_profile_samples_local"
                    + " ORDER BY sample_count")).hasSize(2);
            assertThat(other.rows(snapshot, "SELECT body, body_type, severity_number, attributes->>'order.id'"
                    + " FROM otel_logs_local")).containsExactly(List.of("payment declined", "string", "13", "7"));
            assertThat(other.rows(snapshot, "SELECT value FROM db_metadata WHERE key = 'session_id'"))
                    .containsExactly(List.of(store.sessionId()));
        } finally {
            TestStores.stop(store);
        }
    }

    @Test
    void theStoresOwnFileIsInTheAgentsNewestFormatWhichOnlyItsSnapshotsLeave() throws Exception {
        OtherDuckDb other = OtherDuckDb.load();
        DuckDbStore store = TestStores.start(TestStores.context(dir), "snapshot-refresh = 0s");
        Path snapshot;
        try {
            fill(store);
            snapshot = store.capability(DatabaseSnapshots.class).orElseThrow().snapshot("metrics.duckdb").orElseThrow();
        } finally {
            TestStores.stop(store);
        }
        Path file = dir.resolve("metrics.duckdb");

        // As the README says: the live file needs the agent's DuckDB (cheaper to write), a snapshot does not.
        assertThat(storageNumber(file)).isGreaterThan(STORAGE_NUMBER_V0_10);
        assertThatThrownBy(() -> other.rowCounts(file)).isInstanceOf(SQLException.class)
                .hasMessageContaining("version number");
        assertThat(other.rowCounts(snapshot)).containsEntry(Schema.SPANS, 30L);
    }

    /**
     * Rows in every kind of table: spans, system metrics, application metric points of each type,
     * profiles with a binary, the four beyla tables, and logs.
     */
    private static void fill(DuckDbStore store) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int b = 1; b <= 3; b++) {
            await(store.consumer(Signal.TRACES).consume(Batches.spans("shop", b, 10, now)));
        }
        await(store.consumer(Signal.METRICS).consume(Metrics.cpu(now, 0.25)));
        await(store.consumer(Signal.METRICS).consume(Metrics.oneOfEachType(now)));
        await(store.consumer(Signal.PROFILES).consume(new ProfileBatch(now / 1_000_000, List.of("spin", "work", "main"),
                List.of(new StackSample(42, "shop", "b1d", new int[] {0, 1, 2}, 7),
                        new StackSample(42, "shop", "b1d", new int[] {1, 2}, 2)),
                List.of("b1d", "b1d", "b1d"), List.of(new ProfileBinary("b1d", "/srv/shop", "shop", 1000, Map.of())))));
        await(store.consumer(Signal.EBPF).consume(EbpfBatches.oneOfEach(now / 1_000_000, "shop", Batches.traceId(9),
                Batches.spanId(9, 0))));
        await(store.consumer(Signal.LOGS).consume(ExportLogsServiceRequest.newBuilder().addResourceLogs(
                ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(now).setSeverityNumberValue(13).setBody(AnyValue.newBuilder()
                                .setStringValue("payment declined"))
                        .addAttributes(KeyValue.newBuilder().setKey("order.id")
                                .setValue(AnyValue.newBuilder().setIntValue(7)))))).build()));
    }

    private static void await(CompletionStage<Void> done) throws Exception {
        done.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Each table's row count as the agent's own DuckDB sees it. */
    private static Map<String, Long> rowCountsOf(DuckDbStore store) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : TestStores.strings(store, "SELECT table_name FROM duckdb_tables()"
                + " WHERE database_name = current_database() ORDER BY table_name")) {
            out.put(table, TestStores.longs(store, "SELECT count(*) FROM \"" + table + "\"").getFirst());
        }
        return out;
    }

    private static void assertEveryTableReadsTheSame(OtherDuckDb other, Path file, Map<String, Long> expected)
            throws SQLException {
        assertThat(expected).containsKeys(Schema.SEQUENCED.toArray(String[]::new));
        for (String table : Schema.SEQUENCED) {
            assertThat(expected.get(table)).as("rows written to %s", table).isPositive();
        }
        assertThat(other.rowCounts(file)).isEqualTo(expected);
    }

    /** The storage version number in a DuckDB file's main header (after the checksum and "DUCK"). */
    private static long storageNumber(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(20);
            assertThat(new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DUCK");
            return ByteBuffer.wrap(head, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }
}
