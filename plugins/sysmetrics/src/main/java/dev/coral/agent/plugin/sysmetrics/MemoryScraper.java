package dev.coral.agent.plugin.sysmetrics;

import java.util.function.Supplier;
import oshi.hardware.GlobalMemory;

/**
 * {@code system.memory.usage}, {@code .limit} and {@code .utilization}. "Used" is total minus
 * available (Linux's MemAvailable): what applications cannot get without swapping, so page
 * cache does not count as used.
 */
final class MemoryScraper implements Scraper {
    private final Supplier<GlobalMemory> memory;

    MemoryScraper(Supplier<GlobalMemory> memory) {
        this.memory = memory;
    }

    @Override
    public String name() {
        return ScraperKind.MEMORY.key();
    }

    @Override
    public void scrape(Sample sample) {
        GlobalMemory m = memory.get();
        long total = m.getTotal();
        long available = m.getAvailable();
        if (total <= 0) {
            throw new IllegalStateException("total memory unknown (" + total + ")");
        }
        long used = Math.clamp(total - available, 0, total);
        sample.record(HostMetric.MEMORY_USAGE, used);
        sample.record(HostMetric.MEMORY_LIMIT, total);
        sample.record(HostMetric.MEMORY_UTILIZATION, 100.0 * used / total);
    }
}
