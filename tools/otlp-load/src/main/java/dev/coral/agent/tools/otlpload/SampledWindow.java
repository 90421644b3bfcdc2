package dev.coral.agent.tools.otlpload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A process's CPU time and VmRSS over whole seconds on a 1-s clock: at each second {@code tick}
 * runs (if any), then the process is sampled. Windows of the same kind can be joined, so
 * alternating idle and loaded blocks give one figure each.
 */
record SampledWindow(double seconds, long cpuNanos, List<Double> cpuPctPerSecond, List<Long> rssKiB) {
    double cpuPct() {
        return seconds == 0 ? Double.NaN : 100.0 * cpuNanos / 1e9 / seconds;
    }

    double cpuPctP90() {
        return cpuPctQuantile(0.9);
    }

    /** The median of the 1-s CPU samples (the mean, {@link #cpuPct}, carries single spikes such as a checkpoint). */
    double cpuPctMedian() {
        return cpuPctQuantile(0.5);
    }

    /** The nearest-rank quantile of the 1-s CPU samples. */
    double cpuPctQuantile(double q) {
        double[] a = cpuPctPerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a[Math.max(0, Math.min(a.length - 1, (int) Math.ceil(q * a.length) - 1))];
    }

    long rssMedianKiB() {
        long[] a = rssKiB.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length == 0 ? -1 : a[a.length / 2];
    }

    long rssMaxKiB() {
        return rssKiB.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    static SampledWindow join(List<SampledWindow> windows) {
        List<Double> cpu = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        windows.forEach(w -> {
            cpu.addAll(w.cpuPctPerSecond);
            rss.addAll(w.rssKiB);
        });
        return new SampledWindow(windows.stream().mapToDouble(SampledWindow::seconds).sum(),
                windows.stream().mapToLong(SampledWindow::cpuNanos).sum(), cpu, rss);
    }

    /** @param progress a label for a line every 10 s, or null for none */
    static SampledWindow sample(long pid, Duration length, Runnable tick, String progress) throws InterruptedException {
        return sample(pid, length, tick, progress, () -> "");
    }

    /**
     * @param progress a label for a line every 10 s, or null for none
     * @param detail   appended to each progress line (e.g. what the load sent so far)
     */
    static SampledWindow sample(long pid, Duration length, Runnable tick, String progress, Supplier<String> detail)
            throws InterruptedException {
        long c0 = ProcStats.cpu(pid).toNanos();
        long n0 = System.nanoTime();
        long cPrev = c0;
        long nPrev = n0;
        List<Double> perSecond = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        long next = n0;
        for (long s = 1; s <= length.toSeconds(); s++) {
            if (tick != null) {
                tick.run();
            }
            next += 1_000_000_000L;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            long c = ProcStats.cpu(pid).toNanos();
            long n = System.nanoTime();
            perSecond.add(100.0 * (c - cPrev) / (n - nPrev));
            rss.add(ProcStats.rssKiB(pid));
            cPrev = c;
            nPrev = n;
            if (progress != null && (s % 10 == 0 || s == length.toSeconds())) {
                System.out.printf(Locale.ROOT, "  %s: %3d s  CPU %5.2f %% of one core (since start of block)  RSS %d MiB%s%n", progress, s,
                        100.0 * (c - c0) / (n - n0), rss.getLast() / 1024, detail.get());
            }
        }
        return new SampledWindow((nPrev - n0) / 1e9, cPrev - c0, perSecond, rss);
    }
}
