package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.Signal;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP times are fixed64: unsigned nanoseconds. Past 2^63 a Java long reads them as negative;
 * they must not land in 1677 or 1830, but at the latest instant the row can say.
 */
class SpanTimestampsTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    /** Long.MAX_VALUE ns after the epoch, as DuckDB prints the microsecond TIMESTAMP. */
    private static final String LATEST = "2262-04-11 23:47:16.854775";
    private static final long TWO_TO_THE_63 = Long.MIN_VALUE; // 2^63 as an unsigned fixed64

    @TempDir
    Path dir;

    DuckDbStore store;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            TestStores.stop(store);
        }
    }

    @Test
    void startTimesPast2To63AreClampedToTheLatestInstantNotStoredInThePast() throws Exception {
        store = TestStores.start(TestStores.context(dir), "");
        long past63 = TWO_TO_THE_63 + 1_000_000_000L; // 2^63 ns + 1 s: ~2262-04-11T23:47:17Z
        store.consumer(Signal.TRACES).consume(Batches.request("svc",
                Batches.span(TRACE, "00000000000000a1", past63).setEndTimeUnixNano(past63 + 3_000_000L),
                Batches.span(TRACE, "00000000000000a2", -1L).setEndTimeUnixNano(-1L), // 2^64 - 1, the largest
                Batches.span(TRACE, "00000000000000a3", Long.MAX_VALUE - 2_499_999L)
                        .setEndTimeUnixNano(TWO_TO_THE_63 + 500_000L), // starts before 2^63, ends after
                Batches.span(TRACE, "00000000000000a4", 1_700_000_000_123_456_789L)))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(rows("CAST(timestamp AS VARCHAR)")).containsExactly(LATEST, LATEST, "2262-04-11 23:47:16.852275",
                "2023-11-14 22:13:20.123456");
        assertThat(rows("CAST(start_time_unix_nano AS VARCHAR)")).containsExactly(Long.toString(Long.MAX_VALUE),
                Long.toString(Long.MAX_VALUE), Long.toString(Long.MAX_VALUE - 2_499_999L), "1700000000123456789");
        assertThat(rows("CAST(end_time_unix_nano AS VARCHAR)")).containsExactly(Long.toString(Long.MAX_VALUE),
                Long.toString(Long.MAX_VALUE), Long.toString(Long.MAX_VALUE), "1700000000125956789");
        // Durations come from the real (unsigned) times, not from the clamped ones.
        assertThat(rows("CAST(duration_ms AS VARCHAR)")).containsExactly("3.0", "0.0", "3.0", "2.5");
    }

    @Test
    void eventTimesPast2To63AreWrittenUnsigned() throws Exception {
        store = TestStores.start(TestStores.context(dir), "");
        long now = 1_700_000_000_000_000_000L;
        store.consumer(Signal.TRACES).consume(Batches.request("svc", Batches.span(TRACE, "00000000000000b1", now)
                .addEvents(Span.Event.newBuilder().setName("late").setTimeUnixNano(TWO_TO_THE_63 + 5))))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(rows("CAST(events AS VARCHAR)")).singleElement().asString()
                .contains("\"time_unix_nano\":9223372036854775813").doesNotContain("-9223372036854775803");
    }

    private List<String> rows(String column) throws Exception {
        return TestStores.strings(store, "SELECT " + column + " FROM otel_spans_local ORDER BY seq_id");
    }
}
