package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The {@code sysmetrics} receiver type: host CPU, memory, disk, filesystem, network and load,
 * sampled with OSHI on a schedule into the metrics pipeline.
 */
@Extension
public final class SysmetricsReceiverFactory implements ReceiverFactory<SysmetricsConfig> {
    private final SysmetricsReceiver.ScraperSource scrapers;

    public SysmetricsReceiverFactory() {
        this(OshiScrapers::open);
    }

    /** With other scrapers than the host's (tests: a scraper that fails). */
    SysmetricsReceiverFactory(SysmetricsReceiver.ScraperSource scrapers) {
        this.scrapers = scrapers;
    }

    @Override
    public String type() {
        return "sysmetrics";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public SysmetricsConfig defaultConfig() {
        return SysmetricsConfig.defaults();
    }

    @Override
    public SysmetricsConfig parseConfig(Settings settings) {
        return SysmetricsConfig.parse(settings);
    }

    @Override
    public Receiver create(ComponentContext context, SysmetricsConfig config, Outputs outputs) {
        return new SysmetricsReceiver(context, config, outputs, scrapers);
    }
}
