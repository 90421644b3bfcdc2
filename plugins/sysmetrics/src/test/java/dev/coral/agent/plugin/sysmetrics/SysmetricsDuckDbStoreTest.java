package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.query.Page;
import dev.coral.agent.api.query.SystemMetricQueries;
import dev.coral.agent.api.query.SystemMetricRow;
import dev.coral.agent.plugin.duckdb.DuckDbStoreFactory;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.Row;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.RowStore;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "rows queryable through QuerySystemMetrics with dense seq ids", end to end: the
 * receiver samples the real host inside a real {@link AgentRuntime}, the real duckdb store writes
 * {@code system_metrics_local}, and {@link SystemMetricQueries} (what the Agent API's
 * QuerySystemMetrics answers from) reads the rows back. The pipeline also fans out to the
 * in-memory metric-rows store, which applies the README's OTLP-to-row mapping, so every sample
 * the duckdb store holds is compared with it row for row.
 */
class SysmetricsDuckDbStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> RECEIVER = Map.of("receiver", "sysmetrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small, so reading everything takes several pages. */
    private static final int PAGE = 97;

    @TempDir
    Path dir;

    private AgentRuntime agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
    }

    /** One row as the colony sees it, without the seq id (for comparing the two stores). */
    private record Point(long timestampMs, String name, double value, String unit, String metricType,
            Map<String, String> attributes) {
        Point at(long otherMs) {
            return new Point(otherMs, name, value, unit, metricType, attributes);
        }
    }

    @Test
    void samplesLandInSystemMetricsLocalAndPageWithDenseSeqIds() throws Exception {
        MetricRowsStoreFactory reference = new MetricRowsStoreFactory();
        agent = AgentRuntime.builder().home(dir).loadPlugins(false).factory(new SysmetricsReceiverFactory())
                .factory(new DuckDbStoreFactory()).factory(reference).configText(SysmetricsHostTest.NO_API + """
                        receivers { sysmetrics { interval = 500ms } }
                        stores { duckdb {}, metric-rows {} }
                        pipelines { metrics { receivers = [sysmetrics], stores = [duckdb, metric-rows] } }
                        """).build();
        agent.start();
        SystemMetricQueries queries = duckdb().capability(SystemMetricQueries.class).orElseThrow();

        // Four samples or more: utilization and deltas start with the second.
        await().atMost(WAIT)
                .failFast("the pipeline refused a sample (see the duckdb store's log)", () -> agent.metrics()
                        .counterValue("coral_receiver_sysmetrics_refused_batches", RECEIVER) > 0)
                .until(() -> queries.metricsSince(0, List.of("system.cpu.utilization"), 100).rows().size() >= 3);

        // Everything, page by page as the colony pulls: seq ids 1..N with no gap, each page's
        // max_seq_id its last row's, one session id throughout.
        List<SystemMetricRow> rows = new ArrayList<>();
        Set<String> sessions = new TreeSet<>();
        long after = 0;
        for (Page<SystemMetricRow> page; !(page = queries.metricsSince(after, List.of(), PAGE)).rows().isEmpty(); ) {
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(PAGE);
            assertThat(page.maxSeqId()).isEqualTo(page.rows().getLast().seqId());
            rows.addAll(page.rows());
            sessions.add(page.sessionId());
            after = page.maxSeqId();
        }
        assertThat(rows).as("more than one page").hasSizeGreaterThan(PAGE);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).seqId()).as("seq id of row %d", i + 1).isEqualTo(i + 1L);
        }
        assertThat(sessions).singleElement().asString().isNotBlank();
        assertThat(queries.metricsSince(after, List.of(), PAGE).maxSeqId()).as("empty page").isZero();

        // Every name of the issue's table, with its unit and row type, and nothing else.
        Map<String, List<SystemMetricRow>> byName = rows.stream()
                .collect(Collectors.groupingBy(SystemMetricRow::name));
        Set<String> expected = new TreeSet<>(IssueTable.names());
        if (!HostFacts.hasReportableMount()) {
            expected.removeAll(IssueTable.PER_MOUNT);
        }
        assertThat(byName.keySet()).containsAll(expected);
        assertThat(IssueTable.names()).containsAll(byName.keySet());
        for (SystemMetricRow r : rows) {
            assertThat(r.unit()).as(r.name()).isEqualTo(IssueTable.unit(r.name()));
            assertThat(r.metricType()).as(r.name()).isIn(IssueTable.type(r.name()), "delta");
        }
        assertThat(rows).filteredOn(r -> r.metricType().equals("delta")).extracting(SystemMetricRow::name)
                .containsOnlyElementsOf(IssueTable.WITH_DELTAS).containsAll(IssueTable.WITH_DELTAS);

        // Sane values, as the store returns them.
        for (String n : IssueTable.PERCENTAGES) {
            assertThat(byName.getOrDefault(n, List.of())).allSatisfy(r -> assertThat(r.value()).isBetween(0.0, 100.0));
        }
        long memTotal = HostFacts.memTotalBytes();
        assertThat(byName.get("system.memory.limit")).allSatisfy(r -> assertThat(r.value()).isEqualTo(memTotal));
        Map<String, Double> lastCounter = new HashMap<>();
        long lastTimestamp = 0;
        for (SystemMetricRow r : rows) {
            assertThat(r.timestampMillis()).as("samples are stored in order").isGreaterThanOrEqualTo(lastTimestamp);
            lastTimestamp = r.timestampMillis();
            if (r.metricType().equals("counter")) {
                Double before = lastCounter.put(r.name() + r.attributesJson(), r.value());
                if (before != null) {
                    assertThat(r.value()).as(r.name() + r.attributesJson()).isGreaterThanOrEqualTo(before);
                }
            }
        }

        // Row for row what the receiver sent, mapped as the README says: every stored sample,
        // compared with the same sample in the reference store, at the same millisecond.
        Map<Long, List<Point>> stored = rows.stream().map(SysmetricsDuckDbStoreTest::point)
                .collect(Collectors.groupingBy(Point::timestampMs));
        assertThat(stored).hasSizeGreaterThanOrEqualTo(4);
        RowStore referenceRows = reference.created().getFirst();
        await().atMost(WAIT).untilAsserted(() -> assertThat(stored.keySet())
                .allSatisfy(t -> assertThat(sentAt(referenceRows, t)).as("sample stored at %d was sent", t).isPresent()));
        stored.forEach((timestamp, points) -> {
            long sentMs = sentAt(referenceRows, timestamp).orElseThrow();
            List<Point> sent = referenceRows.rows().stream().filter(r -> r.timestampMs() == sentMs)
                    .map(r -> point(r).at(timestamp)).toList();
            assertThat(points).as("sample at %d", timestamp).containsExactlyInAnyOrderElementsOf(sent);
        });

        // By name, as QuerySystemMetrics' metric_names filter: one memory limit per sample.
        Page<SystemMetricRow> limits = queries.metricsSince(0, List.of("system.memory.limit"), 10_000);
        assertThat(limits.rows()).extracting(SystemMetricRow::name).containsOnly("system.memory.limit");
        assertThat(limits.rows()).hasSizeGreaterThanOrEqualTo(stored.size());
        assertThat(limits.rows()).extracting(SystemMetricRow::attributesJson).containsOnly("{}");
    }

    private Store duckdb() {
        return (Store) agent.components().stream().filter(n -> n.id().toString().equals("duckdb")).findFirst()
                .orElseThrow().component();
    }

    /** The sent sample's time (ms, truncated) that a stored time is, if any: equal or 1 ms earlier. */
    private static Optional<Long> sentAt(RowStore reference, long storedMs) {
        Set<Long> sent = reference.rows().stream().map(Row::timestampMs).collect(Collectors.toSet());
        return sent.contains(storedMs) ? Optional.of(storedMs) : Optional.empty();
    }

    private static Point point(SystemMetricRow r) {
        try {
            Map<String, String> attributes = JSON.readValue(r.attributesJson(), new TypeReference<>() {});
            return new Point(r.timestampMillis(), r.name(), r.value(), r.unit(), r.metricType(), attributes);
        } catch (java.io.IOException e) {
            throw new AssertionError("attributes of row " + r.seqId() + " are not a JSON object of strings: "
                    + r.attributesJson(), e);
        }
    }

    private static Point point(Row r) {
        return new Point(r.timestampMs(), r.name(), r.value(), r.unit(), r.metricType(), r.attributeMap());
    }
}
