package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Telemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Takes one sample: runs every scraper in turn and wraps what they wrote in one OTLP request
 * (one Resource, one scope). A scraper that throws is skipped for this sample, counted, and
 * logged once while it keeps failing; the others are unaffected. Not thread-safe: the receiver
 * calls it from its one sampling thread.
 */
final class HostSampler {
    /** The instrumentation scope of every metric, so a consumer can tell where they came from. */
    static final String SCOPE_NAME = "dev.coral.agent.plugin.sysmetrics";

    private final List<Scraper> scrapers;
    private final Resource resource;
    private final InstrumentationScope scope;
    private final SeriesMemory series;
    private final boolean deltas;
    private final ProblemLog problems;
    private final Map<String, Counter> scraped = new HashMap<>();
    private final Map<String, Counter> failures = new HashMap<>();
    private int lastPoints;

    /**
     * @param startNanos start time of cumulative counts (the agent's start), Unix nanoseconds
     * @param scopeVersion version of the instrumentation scope
     */
    HostSampler(List<Scraper> scrapers, Resource resource, String scopeVersion, long startNanos, boolean deltas,
            ProblemLog problems, Telemetry telemetry) {
        this.scrapers = List.copyOf(scrapers);
        this.resource = resource;
        this.scope = InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(scopeVersion).build();
        this.series = new SeriesMemory(startNanos);
        this.deltas = deltas;
        this.problems = problems;
        for (Scraper s : this.scrapers) {
            Map<String, String> labels = Map.of("scraper", s.name());
            scraped.put(s.name(), telemetry.counter("otelcol_scraper_scraped_metric_points",
                    "Metric points a scraper produced.", labels));
            failures.put(s.name(), telemetry.counter("coral_receiver_sysmetrics_scrape_failures",
                    "Samples in which a scraper failed and was skipped.", labels));
        }
    }

    /** One sample at {@code timeNanos} (Unix nanoseconds). */
    ExportMetricsServiceRequest sample(long timeNanos) {
        series.beginSample();
        Sample sample = new Sample(timeNanos, series, deltas, problems);
        for (Scraper scraper : scrapers) {
            sample.scraper(scraper.name());
            int before = sample.points();
            try {
                scraper.scrape(sample);
                problems.succeeded(scraper.name());
            } catch (Exception | LinkageError e) {
                // LinkageError: JNA's native library missing or refused (UnsatisfiedLinkError,
                // NoClassDefFoundError): one scraper's problem, not the receiver's.
                problems.failed(scraper.name(), e);
                failures.get(scraper.name()).increment();
            }
            scraped.get(scraper.name()).add(sample.points() - before);
        }
        series.endSample();
        lastPoints = sample.points();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource)
                        .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope).addAllMetrics(sample.metrics())))
                .build();
    }

    /** Data points in the last sample. */
    int lastPoints() {
        return lastPoints;
    }

    /** Scrapers (not sub-sources) failing now, with their first error. */
    Map<String, String> failingScrapers() {
        Map<String, String> out = new TreeMap<>();
        problems.failing().forEach((collector, error) -> {
            if (collector.indexOf('/') < 0) {
                out.put(collector, error);
            }
        });
        return out;
    }
}
