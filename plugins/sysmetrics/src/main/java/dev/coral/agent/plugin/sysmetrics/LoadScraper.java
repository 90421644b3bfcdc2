package dev.coral.agent.plugin.sysmetrics;

import java.util.function.Supplier;

/** {@code system.cpu.load_average.1m}, {@code .5m} and {@code .15m}: the kernel's load averages. */
final class LoadScraper implements Scraper {
    private final Supplier<double[]> averages;

    /** @param averages the 1, 5 and 15 minute averages (OSHI's {@code getSystemLoadAverage(3)}) */
    LoadScraper(Supplier<double[]> averages) {
        this.averages = averages;
    }

    @Override
    public String name() {
        return ScraperKind.LOAD.key();
    }

    @Override
    public void scrape(Sample sample) {
        double[] load = averages.get();
        // OSHI answers negative values where the OS has no load average (Windows).
        if (load.length < 3 || load[0] < 0 || load[1] < 0 || load[2] < 0) {
            throw new UnsupportedOperationException("no load average on this operating system");
        }
        sample.record(HostMetric.LOAD_1M, load[0]);
        sample.record(HostMetric.LOAD_5M, load[1]);
        sample.record(HostMetric.LOAD_15M, load[2]);
    }
}
