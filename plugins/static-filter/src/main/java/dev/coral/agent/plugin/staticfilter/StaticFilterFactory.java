package dev.coral.agent.plugin.staticfilter;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Stability;
import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfig;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfigReader;
import dev.coral.agent.plugin.staticfilter.core.BatchFilter;
import dev.coral.agent.plugin.staticfilter.core.FilterCounters;
import dev.coral.agent.plugin.staticfilter.core.ServiceJudges;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code static-filter} processor type: keeps error spans and high-latency spans, and a
 * fixed share of the rest chosen consistently by trace id (see README.md).
 */
@Extension
public final class StaticFilterFactory implements FactoryProvider {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFilterFactory.class);

    @Override
    public ProcessorFactory<StaticFilterConfig> factory() {
        return ProcessorFactory.builder("static-filter", StaticFilterConfig::defaults, StaticFilterConfigReader::read)
                .traces(StaticFilterFactory::create, Stability.BETA)
                .build();
    }

    private static StaticFilterProcessor create(ComponentContext context, StaticFilterConfig config,
            BatchConsumer<ExportTraceServiceRequest> next) {
        FilterRules rules = config.rules();
        LOG.info("static filter rules id={} always_capture_errors={} high_latency_threshold_ms={} sample_rate={} "
                        + "service_overrides={}", context.id(), rules.alwaysCaptureErrors(),
                rules.highLatencyThresholdMs(), rules.sampleRate(), config.services().keySet());
        return new StaticFilterProcessor(new BatchFilter(new ServiceJudges(config)),
                new FilterCounters(context.telemetry()), next);
    }
}
