package dev.coral.agent.plugin.sysmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.coral.agent.testkit.TestTelemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The sampler without the runtime: failure containment and sub-source problems. */
class HostSamplerTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final TestTelemetry telemetry = new TestTelemetry();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(ProblemLog.class)).addAppender(log);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(ProblemLog.class)).detachAppender(log);
    }

    @Test
    void aScraperThatThrowsIsSkippedCountedAndLoggedOnce() {
        Scraper broken = scraper("broken", s -> {
            throw new IllegalStateException("permission denied (simulated)");
        });
        Scraper memory = scraper("memory", s -> s.record(HostMetric.MEMORY_LIMIT, 42L));
        HostSampler sampler = sampler(List.of(broken, memory));
        for (int i = 1; i <= 5; i++) {
            assertThat(names(sampler.sample(i * 1_000L))).containsExactly("system.memory.limit");
        }
        assertThat(telemetry.value("coral_receiver_sysmetrics_scrape_failures", Map.of("scraper", "broken"))).isEqualTo(5);
        assertThat(telemetry.value("otelcol_scraper_scraped_metric_points", Map.of("scraper", "memory"))).isEqualTo(5);
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("collector=broken", "IllegalStateException: permission denied (simulated)");
        assertThat(sampler.failingScrapers()).containsOnlyKeys("broken");
    }

    @Test
    void aMissingSubSourceDropsOnlyItsMetricAndDoesNotDegradeTheScraper() {
        // As on a system without /proc/net/dev, where OSHI has no transmit-drop counter.
        NetworkScraper network = new NetworkScraper(
                () -> List.of(new InterfaceCounters("en0", 10, 20, 1, 2, 0, 0, 0, -1)), NameFilter.all());
        HostSampler sampler = sampler(List.of(network));
        Set<String> names = names(sampler.sample(1_000));
        sampler.sample(2_000);
        assertThat(names).contains("system.network.io.receive", "system.network.dropped.receive")
                .doesNotContain("system.network.dropped.transmit");
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("collector=network/system.network.dropped.transmit");
        assertThat(sampler.failingScrapers()).isEmpty();
    }

    private HostSampler sampler(List<Scraper> scrapers) {
        return new HostSampler(scrapers, Resource.getDefaultInstance(), "test", 1, true, new ProblemLog("test"),
                telemetry);
    }

    private static Set<String> names(ExportMetricsServiceRequest r) {
        return r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream().map(Metric::getName)
                .collect(Collectors.toSet());
    }

    private interface Body {
        void run(Sample s) throws Exception;
    }

    private static Scraper scraper(String name, Body body) {
        return new Scraper() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void scrape(Sample sample) throws Exception {
                body.run(sample);
            }
        };
    }
}
