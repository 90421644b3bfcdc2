package dev.coral.agent.tools.otlpload;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code otlp-load beyla}: runs {@link BeylaBench}'s scenarios and prints their tables. */
final class BeylaMain {
    private BeylaMain() {}

    static void run(Args a) throws Exception {
        int series = a.integer("series", 200);
        Duration settle = a.seconds("settle", 45);
        Duration warmup = a.seconds("warmup", 15);
        Duration block = a.seconds("block", 30);
        int pairs = a.integer("pairs", 2);
        int clients = a.integer("clients", 8);
        Duration capWarmup = a.seconds("capacity-warmup", 10);
        Duration capWindow = a.seconds("capacity-duration", 30);
        int rounds = a.integer("rounds", 1);
        List<String> scenarios = List.of(a.string("scenarios", "realistic,capacity").split(","));
        Path home = Main.agentHome(a);
        String jvmOpts = Main.jvmOpts(a, home);
        a.checkAllUsed();
        BeylaBench bench = new BeylaBench(series, jvmOpts, home);
        System.out.printf(Locale.ROOT, "%s: beyla path of the default pipeline, %d series (http.server.request.duration, delta, "
                        + "Beyla's buckets) per request, %d cores%nagent: %s (its conf/pipelines.conf, receive-only: no Beyla binary)"
                        + "%nserver JVM options: %s%nload average at start: %.2f%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), series, Runtime.getRuntime().availableProcessors(), home, jvmOpts,
                ProcStats.loadAverage());
        if (scenarios.contains("realistic")) {
            realistic(bench, series, settle, warmup, block, pairs);
        }
        if (scenarios.contains("capacity")) {
            capacity(bench, series, clients, capWarmup, capWindow, rounds);
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", ProcStats.loadAverage());
    }

    private static void realistic(BeylaBench bench, int series, Duration settle, Duration warmup, Duration block, int pairs)
            throws Exception {
        System.out.printf(Locale.ROOT, "%nrealistic: %d series x 1/s (one export per second); %d s settling and %d s warm-up not measured,"
                        + " then %d pairs of %d-s blocks alternating idle (the baseline, no exports) and loaded; 1-s samples%n",
                series, settle.toSeconds(), warmup.toSeconds(), pairs, block.toSeconds());
        BeylaBench.Realistic r = bench.realistic(settle, warmup, block, pairs);
        System.out.println("| agent (same process, alternating blocks) | seconds | CPU % of one core | p90 of 1-s CPU % | RSS median MiB | RSS max MiB |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (var row : List.of(java.util.Map.entry("idle (baseline)", r.idle()), java.util.Map.entry(series + " series x 1/s", r.loaded()))) {
            SampledWindow w = row.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %d | %d |%n", row.getKey(), w.seconds(), w.cpuPct(), w.cpuPctP90(),
                    w.rssMedianKiB() / 1024, w.rssMaxKiB() / 1024);
        }
        System.out.printf(Locale.ROOT, "cost of the beyla path: %+.2f %% of one core (%.2f× idle), RSS median %+d MiB%n",
                r.loaded().cpuPct() - r.idle().cpuPct(), r.loaded().cpuPct() / r.idle().cpuPct(),
                (r.loaded().rssMedianKiB() - r.idle().rssMedianKiB()) / 1024);
        System.out.printf(Locale.ROOT, "rows: %,d points sent in %,d requests (warm-up included), %,d acknowledged, %d requests failed;"
                        + " store wrote %,.0f ebpf rows: %s%n", r.sentPoints(), r.sentPoints() / series, r.ackedPoints(), r.failedRequests(),
                r.writtenRows(), r.writtenRows() == r.sentPoints() ? "every point a row, none dropped" : "MISMATCH");
        System.out.printf(Locale.ROOT, "other processes busy: %.2f cores during the blocks%n  %s%n", r.otherCores(), r.notes());
    }

    private static void capacity(BeylaBench bench, int series, int clients, Duration warmup, Duration window, int rounds)
            throws Exception {
        System.out.printf(Locale.ROOT, "%ncapacity: closed loop, %d clients, a fresh agent per run, %d s warm-up, %d s measured,"
                        + " %d round(s) alternating:%n  beyla  %d-series metric exports to the beyla receiver (rows -> ebpf tables)%n"
                        + "  spans  200-span trace exports to the otlp receiver (otlp -> static-filter -> duckdb), the baseline%n",
                clients, warmup.toSeconds(), window.toSeconds(), rounds, series);
        List<BeylaBench.Capacity> all = new ArrayList<>();
        List<String> paths = List.of("beyla", "spans");
        System.out.println("| path | items/s | agent CPU, cores | agent CPU-s per 100k items | failed requests | other processes, cores | load avg |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int round = 0; round < rounds; round++) {
            List<String> order = round % 2 == 0 ? paths : paths.reversed();
            for (String p : order) {
                BeylaBench.Capacity c = bench.capacity(p, clients, warmup, window);
                all.add(c);
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.3f | %d%s | %.2f | %.2f |%n", c.path(), c.itemsPerSecond(),
                        c.cpuCores(), c.cpuPer100k(), c.failures(), c.failures() > 0 ? " (" + c.lastFailure() + ")" : "",
                        c.otherCores(), c.load1());
                System.out.println("  " + c.notes());
            }
        }
        double beyla = median(all, "beyla", BeylaBench.Capacity::itemsPerSecond);
        double spans = median(all, "spans", BeylaBench.Capacity::itemsPerSecond);
        System.out.printf(Locale.ROOT, "beyla rows/s vs spans/s (medians): %.2f×; CPU per row vs per span: %.2f×; "
                        + "headroom at %d series x 1/s: %,.0f×%n", beyla / spans,
                median(all, "beyla", BeylaBench.Capacity::cpuPer100k) / median(all, "spans", BeylaBench.Capacity::cpuPer100k),
                series, beyla / series);
    }

    private static double median(List<BeylaBench.Capacity> all, String path,
            java.util.function.ToDoubleFunction<BeylaBench.Capacity> f) {
        return Steady.median(all.stream().filter(c -> c.path().equals(path)).mapToDouble(f).sorted().toArray());
    }
}
