package dev.coral.agent.plugin.staticfilter;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.staticfilter.config.FilterRules;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfig;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfigReader;
import dev.coral.agent.plugin.staticfilter.core.BatchFilter;
import dev.coral.agent.plugin.staticfilter.core.FilterCounters;
import dev.coral.agent.plugin.staticfilter.core.ServiceJudges;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code static-filter} processor type: keeps error spans and high-latency spans, and a
 * fixed share of the rest chosen consistently by trace id (see README.md).
 */
@Extension
public final class StaticFilterFactory implements ProcessorFactory<StaticFilterConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFilterFactory.class);

    @Override
    public String type() {
        return "static-filter";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public StaticFilterConfig defaultConfig() {
        return StaticFilterConfig.defaults();
    }

    @Override
    public StaticFilterConfig parseConfig(Settings settings) {
        return new StaticFilterConfigReader(defaultConfig()).read(settings);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Processor<T> create(ComponentContext context, StaticFilterConfig config, Signal<T> signal,
            BatchConsumer<T> next) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("static-filter filters traces only, not " + signal);
        }
        FilterRules rules = config.rules();
        LOG.info("static filter rules id={} always_capture_errors={} high_latency_threshold_ms={} sample_rate={} "
                        + "service_overrides={}", context.id(), rules.alwaysCaptureErrors(),
                rules.highLatencyThresholdMs(), rules.sampleRate(), config.services().keySet());
        var processor = new StaticFilterProcessor(new BatchFilter(new ServiceJudges(config)),
                new FilterCounters(context.telemetry()), (BatchConsumer<ExportTraceServiceRequest>) next);
        return (Processor<T>) processor;
    }
}
