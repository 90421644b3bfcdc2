package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.Row;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.RowStore;
import dev.coral.agent.plugin.sysmetrics.MetricRowsStoreFactory.SystemMetricsQuery;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The receiver inside the real runtime, in-process, sampling the real host every 500 ms (the
 * shortest interval allowed, above OSHI's 300 ms cache) into a store that keeps
 * rows as {@code system_metrics_local} will.
 */
class SysmetricsHostTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, String> RECEIVER = Map.of("receiver", "sysmetrics");
    static final String NO_API = "agent { api.listen = [] }\n";

    @TempDir
    Path dir;

    private final MetricRowsStoreFactory stores = new MetricRowsStoreFactory();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private AgentRuntime agent;

    @BeforeEach
    void captureLog() {
        log.start();
        for (Class<?> c : List.of(ProblemLog.class, SysmetricsReceiver.class)) {
            ((Logger) LoggerFactory.getLogger(c)).addAppender(log);
        }
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        for (Class<?> c : List.of(ProblemLog.class, SysmetricsReceiver.class)) {
            ((Logger) LoggerFactory.getLogger(c)).detachAppender(log);
        }
    }

    @Test
    void everyNameOfTheIssueArrivesWithSaneValuesAndDenseSeqIds() throws Exception {
        RowStore store = start(new SysmetricsReceiverFactory(), "interval = 500ms");
        await().atMost(WAIT).until(() -> store.requests().size() >= 5);
        agent.stop(); // a fixed set of rows to look at
        List<Row> rows = store.rows();
        List<ExportMetricsServiceRequest> requests = store.requests();

        // Every name of the table, with its unit and type (per-mount and per-interface names only
        // where the host has such a mount or interface: it does here, a bare container may not).
        Set<String> expected = new TreeSet<>(IssueTable.names());
        if (!HostFacts.hasReportableMount()) {
            expected.removeAll(IssueTable.PER_MOUNT);
        }
        Map<String, List<Row>> byName = rows.stream().collect(Collectors.groupingBy(Row::name));
        assertThat(byName.keySet()).containsAll(expected);
        for (Row r : rows) {
            assertThat(r.unit()).as(r.name()).isEqualTo(IssueTable.unit(r.name()));
            assertThat(r.metricType()).as(r.name()).isIn(IssueTable.type(r.name()), "delta");
            assertThat(r.value()).as(r.name()).isFinite();
        }
        assertThat(IssueTable.names()).containsAll(byName.keySet()); // nothing beyond the table

        // Utilization within 0..100; gauges of bytes and load not negative.
        for (String n : IssueTable.PERCENTAGES) {
            assertThat(byName.getOrDefault(n, List.of())).allSatisfy(r -> assertThat(r.value()).isBetween(0.0, 100.0));
        }
        assertThat(rows).filteredOn(r -> r.name().startsWith("system.cpu.load_average"))
                .allSatisfy(r -> assertThat(r.value()).isGreaterThanOrEqualTo(0.0));
        // Utilization needs a previous sample: all but the first carry it.
        assertThat(byName.get("system.cpu.utilization")).hasSizeGreaterThanOrEqualTo(requests.size() - 2);

        // Memory: the limit is the host's total (MemTotal), usage within it.
        long memTotal = HostFacts.memTotalBytes();
        assertThat(byName.get("system.memory.limit")).allSatisfy(r -> assertThat((long) r.value()).isEqualTo(memTotal));
        assertThat(byName.get("system.memory.usage"))
                .allSatisfy(r -> assertThat(r.value()).isPositive().isLessThanOrEqualTo(memTotal));

        // CPU time: a row per state and a total equal to their sum.
        Set<String> states = byName.get("system.cpu.time").stream().map(r -> r.attributeMap().get("state"))
                .filter(s -> s != null).collect(Collectors.toSet());
        assertThat(states).contains("user", "system", "idle", "iowait", "nice", "irq", "softirq", "steal");
        Map<Long, List<Row>> cpuBySample = byName.get("system.cpu.time").stream()
                .collect(Collectors.groupingBy(Row::timestampMs));
        cpuBySample.values().forEach(sample -> {
            double total = sample.stream().filter(r -> r.attributeMap().isEmpty()).findFirst().orElseThrow().value();
            double sum = sample.stream().filter(r -> !r.attributeMap().isEmpty()).mapToDouble(Row::value).sum();
            assertThat(total).isCloseTo(sum, within(1e-6));
        });

        // Per device / mount / interface, and totals without attributes.
        assertThat(attributeKeys(byName, "system.disk.io.read")).containsExactlyInAnyOrder("", "device");
        assertThat(attributeKeys(byName, "system.disk.operations.write")).contains("device");
        assertThat(attributeKeys(byName, "system.network.io.receive")).containsExactlyInAnyOrder("", "interface");
        assertThat(attributeKeys(byName, "system.network.dropped.transmit")).containsExactly("interface");
        assertThat(byName.get("system.network.io.receive")).noneMatch(r -> "lo".equals(r.attributeMap().get("interface")));
        if (HostFacts.hasReportableMount()) {
            assertThat(attributeKeys(byName, "system.disk.usage")).containsExactly("mount");
        }

        // Counters never decrease, series by series, in seq order.
        Map<String, Double> last = new HashMap<>();
        for (Row r : rows) {
            if (r.metricType().equals("counter")) {
                String series = r.name() + r.attributes();
                Double before = last.put(series, r.value());
                if (before != null) {
                    assertThat(r.value()).as(series).isGreaterThanOrEqualTo(before);
                }
            }
        }
        // Deltas: for the busy counters (all of them, nothing else), never negative, and equal
        // to the counter's change.
        assertThat(rows).filteredOn(r -> r.metricType().equals("delta")).extracting(Row::name)
                .containsOnlyElementsOf(IssueTable.WITH_DELTAS).containsAll(IssueTable.WITH_DELTAS);
        assertThat(rows).filteredOn(r -> r.metricType().equals("delta"))
                .allSatisfy(r -> assertThat(r.value()).isGreaterThanOrEqualTo(0));
        List<Row> rx = byName.get("system.network.io.receive").stream().filter(r -> r.attributeMap().isEmpty()).toList();
        List<Row> rxCounter = rx.stream().filter(r -> r.metricType().equals("counter")).toList();
        List<Row> rxDelta = rx.stream().filter(r -> r.metricType().equals("delta")).toList();
        assertThat(rxDelta).hasSize(rxCounter.size() - 1);
        for (int i = 1; i < rxCounter.size(); i++) {
            assertThat(rxDelta.get(i - 1).value()).isEqualTo(rxCounter.get(i).value() - rxCounter.get(i - 1).value());
        }

        // Queryable with dense seq ids: paging from 0 returns 1..N with no gap, and by name.
        SystemMetricsQuery query = store;
        List<Long> ids = new ArrayList<>();
        long after = 0;
        for (List<Row> page; !(page = query.query(List.of(), after, 97)).isEmpty(); after = page.getLast().seqId()) {
            page.forEach(r -> ids.add(r.seqId()));
        }
        assertThat(ids).hasSize(rows.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i + 1L);
        }
        assertThat(query.query(List.of("system.memory.limit"), 0, 10_000)).hasSize(requests.size())
                .extracting(Row::name).containsOnly("system.memory.limit");
    }

    @Test
    void samplesTravelAsOneOtlpRequestWithHostResourceAndHostmetricsShapes() throws Exception {
        RowStore store = start(new SysmetricsReceiverFactory(), "interval = 500ms");
        await().atMost(WAIT).until(() -> store.requests().size() >= 3);
        long agentStart = SysmetricsReceiver.toNanos(agent.services().orElseThrow().agent().startedAt());
        List<ExportMetricsServiceRequest> requests = List.copyOf(store.requests());

        long previousTime = 0;
        for (ExportMetricsServiceRequest request : requests) {
            assertThat(request.getResourceMetricsCount()).isOne();
            var rm = request.getResourceMetrics(0);
            Map<String, String> resource = new HashMap<>();
            for (KeyValue kv : rm.getResource().getAttributesList()) {
                resource.put(kv.getKey(), kv.getValue().getStringValue());
            }
            assertThat(resource).containsEntry("host.name", HostResource.hostName()).containsEntry("os.type", "linux");
            assertThat(rm.getScopeMetricsList()).singleElement().extracting(s -> s.getScope().getName())
                    .isEqualTo("dev.coral.agent.plugin.sysmetrics");
            ScopeMetrics scope = rm.getScopeMetrics(0);
            Set<Long> times = new TreeSet<>();
            for (Metric m : scope.getMetricsList()) {
                assertThat(m.getDescription()).isNotBlank();
                switch (IssueTable.type(m.getName())) {
                    case "gauge" -> assertThat(m.hasGauge()).as(m.getName()).isTrue();
                    default -> {
                        assertThat(m.hasSum()).as(m.getName()).isTrue();
                        assertThat(m.getSum().getIsMonotonic()).isTrue();
                        boolean delta = m.getSum().getAggregationTemporality()
                                == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                            if (delta) {
                                assertThat(p.getStartTimeUnixNano()).isEqualTo(previousTime);
                            } else {
                                assertThat(p.getStartTimeUnixNano()).isEqualTo(agentStart);
                            }
                        }
                        if (!delta) {
                            assertThat(m.getSum().getAggregationTemporality())
                                    .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                        }
                    }
                }
                dataPoints(m).forEach(p -> times.add(p.getTimeUnixNano()));
            }
            assertThat(times).as("one timestamp per sample").hasSize(1);
            long time = times.iterator().next();
            if (previousTime != 0) {
                // Never closer than half the interval (rounds after a slow first sample are
                // skipped), never a long gap; 10 ms of slack for wall clock against monotonic.
                assertThat(time - previousTime).as("time since the previous sample")
                        .isBetween(Duration.ofMillis(240).toNanos(), Duration.ofSeconds(2).toNanos());
            }
            previousTime = time;
        }
        assertThat(agent.metrics().counterValue("coral_receiver_sysmetrics_samples", RECEIVER))
                .isGreaterThanOrEqualTo(requests.size());
        assertThat(agent.metrics().counterValue("otelcol_receiver_accepted_metric_points", RECEIVER)).isPositive();
        assertThat(agent.metrics().counterValue("coral_receiver_sysmetrics_sample_cpu_microseconds", RECEIVER))
                .isPositive();
        assertThat(agent.metrics().scrape()).contains("coral_receiver_sysmetrics_last_sample_cpu_seconds{receiver=\"sysmetrics\"}");
    }

    @Test
    void disablingAScraperRemovesItsNames() throws Exception {
        RowStore store = start(new SysmetricsReceiverFactory(), """
                interval = 500ms
                scrapers { network = false, load = false, cpu = false }
                """);
        await().atMost(WAIT).until(() -> store.requests().size() >= 3);
        Set<String> names = store.rows().stream().map(Row::name).collect(Collectors.toSet());
        // Exactly the names of the scrapers left on: memory, disk and (where the host has a
        // reportable mount) filesystem; none of cpu, network or load.
        Set<String> expected = new TreeSet<>(Set.of("system.memory.usage", "system.memory.limit",
                "system.memory.utilization", "system.disk.io.read", "system.disk.io.write",
                "system.disk.operations.read", "system.disk.operations.write"));
        if (HostFacts.hasReportableMount()) {
            expected.addAll(Set.of("system.disk.usage", "system.disk.utilization"));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFailingCollectorIsLoggedOnceSkippedAndTheRestKeepComing() throws Exception {
        // The network scraper reads a /proc file that is missing; another scraper's native library
        // cannot be loaded. Both fail every sample.
        Path procNetDev = dir.resolve("proc/net/dev");
        SysmetricsReceiverFactory factory = new SysmetricsReceiverFactory(config -> {
            List<Scraper> scrapers = new ArrayList<>(OshiScrapers.open(config));
            scrapers.replaceAll(s -> s.name().equals("network")
                    ? new NetworkScraper(new ProcNetDev(procNetDev), config.interfaces()) : s);
            scrapers.add(new Scraper() {
                @Override
                public String name() {
                    return "sensors";
                }

                @Override
                public void scrape(Sample sample) {
                    throw new UnsatisfiedLinkError("libsensors.so.5: cannot open shared object file (simulated)");
                }
            });
            return scrapers;
        });
        RowStore store = start(factory, "interval = 500ms");
        await().atMost(WAIT).until(() -> store.requests().size() >= 4);

        List<ExportMetricsServiceRequest> failingPhase = List.copyOf(store.requests());
        for (ExportMetricsServiceRequest r : failingPhase) {
            Set<String> names = names(r);
            assertThat(names).contains("system.cpu.time", "system.memory.usage", "system.disk.io.read",
                    "system.cpu.load_average.1m").noneMatch(n -> n.startsWith("system.network."));
        }
        assertThat(warnings("collector=network ")).hasSize(1);
        assertThat(warnings("collector=sensors ")).hasSize(1).first().asString()
                .contains("UnsatisfiedLinkError: libsensors.so.5");
        assertThat(agent.metrics().counterValue("coral_receiver_sysmetrics_scrape_failures",
                Map.of("receiver", "sysmetrics", "scraper", "network"))).isGreaterThanOrEqualTo(failingPhase.size());
        assertThat(status().health()).isEqualTo(Health.DEGRADED);
        assertThat(status().message()).contains("network (NoSuchFileException", "sensors (UnsatisfiedLinkError");

        // The file comes back: network names return, the recovery is logged once, sensors still failing.
        Files.createDirectories(procNetDev.getParent());
        Files.copy(Path.of("/proc/net/dev"), procNetDev);
        int before = store.requests().size();
        await().atMost(WAIT).until(() -> store.requests().size() >= before + 2);
        assertThat(names(store.requests().getLast())).contains("system.network.io.receive");
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().contains("works again") && e.getFormattedMessage().contains("collector=network"))
                .hasSize(1);
        assertThat(warnings("collector=network ")).hasSize(1);
        assertThat(warnings("collector=sensors ")).hasSize(1);
        assertThat(status().message()).doesNotContain("network").contains("sensors");
    }

    @Test
    void refusedSamplesAreCountedAndSamplingGoesOn() throws Exception {
        startWith("""
                receivers { sysmetrics { interval = 500ms, scrapers { disk = false, filesystem = false } } }
                stores { metric-rows { refuse = true } }
                pipelines { metrics { receivers = [sysmetrics], stores = [metric-rows] } }
                """, new SysmetricsReceiverFactory());
        RowStore store = stores.created().getFirst();
        await().atMost(WAIT).until(() -> store.refused() >= 3);
        assertThat(agent.metrics().counterValue("coral_receiver_sysmetrics_refused_batches", RECEIVER))
                .isGreaterThanOrEqualTo(3);
        assertThat(agent.metrics().counterValue("otelcol_receiver_refused_metric_points", RECEIVER)).isPositive();
        assertThat(agent.metrics().counterValue("otelcol_receiver_accepted_metric_points", RECEIVER)).isZero();
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("refused by the pipeline"))
                .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("reason=OVERLOADED", "memory full (simulated)");
        // Nothing is held: the in-flight bound is back to zero once refusals complete.
        assertThat(agent.services().orElseThrow().inflight().inUse()).isZero();
    }

    @Test
    void shutdownStopsTheSamplingThread() throws Exception {
        RowStore store = start(new SysmetricsReceiverFactory(), "interval = 500ms");
        await().atMost(WAIT).until(() -> store.requests().size() >= 2);
        assertThat(samplingThreads()).isOne();
        agent.stop();
        assertThat(samplingThreads()).isZero();
        int after = store.requests().size();
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> store.requests().size() == after);
    }

    private RowStore start(SysmetricsReceiverFactory factory, String receiverSettings) throws Exception {
        startWith("""
                receivers { sysmetrics { %s } }
                stores { metric-rows {} }
                pipelines { metrics { receivers = [sysmetrics], stores = [metric-rows] } }
                """.formatted(receiverSettings), factory);
        return stores.created().getFirst();
    }

    private void startWith(String hocon, SysmetricsReceiverFactory factory) throws Exception {
        // No Agent API: these tests read the store directly, and must not take :9001.
        agent = AgentRuntime.builder().home(dir).configText(NO_API + hocon).loadPlugins(false).factory(factory)
                .factory(stores).build();
        agent.start();
    }

    private dev.coral.agent.runtime.telemetry.StatusBoard.Entry status() {
        return agent.status().snapshot().get("receiver:sysmetrics");
    }

    private List<String> warnings(String containing) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(containing)).toList();
    }

    private static long samplingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sysmetrics-sysmetrics") && t.isAlive()).count();
    }

    private static Set<String> names(ExportMetricsServiceRequest r) {
        return r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream().map(Metric::getName)
                .collect(Collectors.toSet());
    }

    private static List<NumberDataPoint> dataPoints(Metric m) {
        return m.hasGauge() ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList();
    }

    private static Set<String> attributeKeys(Map<String, List<Row>> byName, String name) {
        return byName.get(name).stream().map(r -> String.join(",", r.attributeMap().keySet()))
                .collect(Collectors.toSet());
    }
}
