package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Stability;
import org.pf4j.Extension;

/**
 * The {@code sysmetrics} receiver type: host CPU, memory, disk, filesystem, network and load,
 * sampled with OSHI on a schedule into the metrics pipeline.
 */
@Extension
public final class SysmetricsReceiverFactory implements FactoryProvider {
    private final SysmetricsReceiver.ScraperSource scrapers;

    public SysmetricsReceiverFactory() {
        this(OshiScrapers::open);
    }

    /** With other scrapers than the host's (tests: a scraper that fails). */
    SysmetricsReceiverFactory(SysmetricsReceiver.ScraperSource scrapers) {
        this.scrapers = scrapers;
    }

    @Override
    public ReceiverFactory<SysmetricsConfig> factory() {
        return ReceiverFactory.builder("sysmetrics", SysmetricsConfig::defaults, SysmetricsConfig::read)
                .metrics(Stability.BETA)
                .build((context, config, outputs) -> new SysmetricsReceiver(context, config, outputs, scrapers));
    }
}
