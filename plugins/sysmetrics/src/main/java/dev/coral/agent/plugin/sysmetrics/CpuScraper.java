package dev.coral.agent.plugin.sysmetrics;

import java.util.Locale;
import java.util.function.Supplier;
import oshi.hardware.CentralProcessor.TickType;

/**
 * {@code system.cpu.time} per state and in total, and {@code system.cpu.utilization} over all
 * cores since the previous sample, from the kernel's tick counters (OSHI's
 * {@code getSystemCpuLoadTicks}: milliseconds per {@link TickType}, summed over CPUs).
 */
final class CpuScraper implements Scraper {
    private static final TickType[] STATES = TickType.values();
    private static final String[] STATE_NAMES = new String[STATES.length];

    static {
        for (TickType t : STATES) {
            STATE_NAMES[t.getIndex()] = t.name().toLowerCase(Locale.ROOT);
        }
    }

    private final Supplier<long[]> ticks;
    private long[] previous;

    /** @param ticks cumulative milliseconds per {@link TickType}, indexed by {@link TickType#getIndex()} */
    CpuScraper(Supplier<long[]> ticks) {
        this.ticks = ticks;
    }

    @Override
    public String name() {
        return ScraperKind.CPU.key();
    }

    @Override
    public void scrape(Sample sample) {
        long[] now = ticks.get().clone();
        if (now.length < STATES.length) {
            throw new IllegalStateException("expected " + STATES.length + " CPU tick counters, got " + now.length);
        }
        if (previous != null) {
            // Linux's iowait (and on some kernels idle) can step backwards between reads of
            // /proc/stat; a counter must not, so keep the highest value seen.
            for (int i = 0; i < STATES.length; i++) {
                now[i] = Math.max(now[i], previous[i]);
            }
        }
        long total = 0;
        for (int i = 0; i < STATES.length; i++) {
            total += now[i];
            sample.record(HostMetric.CPU_TIME, now[i] / 1000.0, "state", STATE_NAMES[i]);
        }
        sample.record(HostMetric.CPU_TIME, total / 1000.0);
        if (previous != null) {
            long busyBefore = sum(previous) - previous[TickType.IDLE.getIndex()] - previous[TickType.IOWAIT.getIndex()];
            long busyNow = total - now[TickType.IDLE.getIndex()] - now[TickType.IOWAIT.getIndex()];
            long elapsed = total - sum(previous);
            // No tick elapsed (samples closer than the kernel's tick): nothing to say, rather than 0 %.
            if (elapsed > 0) {
                double percent = 100.0 * (busyNow - busyBefore) / elapsed;
                sample.record(HostMetric.CPU_UTILIZATION, Math.clamp(percent, 0.0, 100.0));
            }
        }
        previous = now;
    }

    private static long sum(long[] ticks) {
        long s = 0;
        for (int i = 0; i < STATES.length; i++) {
            s += ticks[i];
        }
        return s;
    }
}
