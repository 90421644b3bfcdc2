package dev.coral.agent.tools.otlpload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code otlp-load} commands:
 * <pre>
 * bench  [--clients 8] [--spans 200] [--warmup 10] [--duration 20] [--rounds 3]
 *        [--servers bare,bare-bytes,otlp,agent] [--bare-executor direct|default|virtual]
 *        [--agent-home dist/target/coral-agent] [--jvm-opts "launcher defaults"]
 *     measures each server under the same closed-loop load, in this one run, rounds alternating
 * steady [--rate 10000] [--spans 100] [--connections 4] [--idle 15] [--warmup 30] [--duration 60]
 *        [--rounds 3] [--servers bare,agent-nop,agent] [--agent-home ...] [--jvm-opts ...] [--agent-config F]
 *     CPU and RSS at a paced rate: the agent on its default pipeline (agent), the agent wired
 *     otlp -> nop (agent-nop) and the bare parse server (bare), same load, same run
 * load   --target host:port [--clients 8] [--spans 200] [--duration 20]
 *     closed-loop load against a running agent (or collector); prints spans/s
 * load   --target host:port --rate 10000 [--spans 100] [--connections 4] [--duration 60]
 *     paced (open-loop) load at a fixed rate; reports whether every span sent was acknowledged
 * server bare|bare-bytes|otlp [--executor default|direct|virtual]
 *     one server, as bench starts it
 * ingest [--rate 10000] [--spans 100] [--connections 4] [--clients 8] [--closed-spans 200] [--settle 20] [--idle 15]
 *        [--warmup 15] [--duration 30] [--closed-warmup 10] [--closed-duration 20] [--sdk-rate 20000]
 *        [--sdk-warmup 5] [--sdk-duration 30] [--agent-home ...] [--jvm-opts ...]
 *     issue 16's table in one run: idle, paced, closed-loop and OpenTelemetry-SDK figures of the agent
 *     (otlp -> nop, the default pipeline, the same at sample-rate 1.0) beside the bare parse server's
 * beyla  [--series 200] [--settle 45] [--warmup 15] [--block 30] [--pairs 2] [--clients 8] [--capacity-warmup 10]
 *        [--capacity-duration 30] [--rounds 1] [--scenarios realistic,capacity] [--agent-home ...] [--jvm-opts ...]
 *     the beyla path of the distribution's default pipeline: CPU and RSS at series x 1/s against
 *     the same agent idle (alternating blocks), and rows/s under closed-loop load against the span path of the same run
 * </pre>
 * Everything binds and connects on 127.0.0.1 only, and every phase is bounded in time.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            return;
        }
        switch (argv[0]) {
            case "bench" -> bench(new Args(argv, 1));
            case "steady" -> steady(new Args(argv, 1));
            case "load" -> load(new Args(argv, 1));
            case "beyla" -> BeylaMain.run(new Args(argv, 1));
            case "ingest" -> IngestMain.run(new Args(argv, 1));
            case "server" -> {
                if (argv.length < 2) {
                    usage();
                    return;
                }
                Args a = new Args(argv, 2);
                String executor = a.string("executor", "default");
                a.checkAllUsed();
                ServerMain.run(argv[1], executor);
            }
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: otlp-load bench  [--clients 8] [--spans 200] [--warmup 10] [--duration 20] [--rounds 3]
                                        [--servers bare,bare-bytes,otlp,agent] [--bare-executor direct]
                                        [--agent-home DIR] [--jvm-opts "OPTS"]
                       otlp-load steady [--rate 10000] [--spans 100] [--connections 4] [--idle 15] [--warmup 30]
                                        [--duration 60] [--rounds 3] [--servers bare,agent-nop,agent]
                                        [--agent-home DIR] [--jvm-opts "OPTS"] [--agent-config FILE]
                       otlp-load load --target host:port [--clients 8] [--spans 200] [--duration 20]
                       otlp-load load --target host:port --rate 10000 [--spans 100] [--connections 4] [--duration 60]
                       otlp-load server bare|bare-bytes|otlp [--executor default|direct|virtual]
                       otlp-load ingest [--rate 10000] [--spans 100] [--connections 4] [--clients 8] [--closed-spans 200]
                                        [--settle 20] [--idle 15] [--warmup 15] [--duration 30] [--closed-warmup 10]
                                        [--closed-duration 20] [--sdk-rate 20000] [--sdk-warmup 5] [--sdk-duration 30]
                                        [--agent-home DIR] [--jvm-opts "OPTS"]
                       otlp-load beyla [--series 200] [--settle 45] [--warmup 15] [--block 30] [--pairs 2] [--clients 8]
                                       [--capacity-warmup 10] [--capacity-duration 30] [--rounds 1]
                                       [--scenarios realistic,capacity] [--agent-home DIR] [--jvm-opts "OPTS"]
                --agent-home: the built distribution (default: dist/target/coral-agent of this checkout)
                --agent-config: steady's agent runs this pipelines.conf instead of the distribution's (it must
                              keep the CORAL_* endpoint and data-dir overrides of the default one)
                --jvm-opts:   JVM options of every server: CORAL_JAVA_OPTS for the agent, the same for the
                              baseline JVMs (default: the launcher's own DEFAULT_OPTS)""");
        System.exit(2);
    }

    /** The distribution built in this checkout: found from the jar's place (tools/otlp-load/target) or the working directory. */
    static Path agentHome(Args a) {
        String given = a.string("agent-home", "");
        if (!given.isEmpty()) {
            return Path.of(given).toAbsolutePath();
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve("dist/target/coral-agent"));
            }
        } catch (Exception e) {
            // not from a file: only the working directory
        }
        candidates.add(Path.of("dist/target/coral-agent").toAbsolutePath());
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("bin/coral-agent"))) {
                return c;
            }
        }
        return candidates.getLast();
    }

    static String jvmOpts(Args a, Path home) throws java.io.IOException {
        String given = a.string("jvm-opts", "");
        if (!given.isBlank()) {
            return given;
        }
        if (Files.isRegularFile(home.resolve("bin/coral-agent"))) {
            return AgentProcess.launcherDefaultOpts(home);
        }
        return "-XX:+UseSerialGC -Xms16m -Xmx160m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseCompactObjectHeaders"
                + " -XX:TrimNativeHeapInterval=30000 -XX:MaxDirectMemorySize=512m -XX:MetaspaceSize=48m"
                + " -XX:+ExitOnOutOfMemoryError";
    }

    private static void bench(Args a) throws Exception {
        int clients = a.integer("clients", 8);
        int spans = a.integer("spans", 200);
        Duration warmup = a.seconds("warmup", 10);
        Duration window = a.seconds("duration", 20);
        int rounds = a.integer("rounds", 3);
        List<String> servers = List.of(a.string("servers", "bare,bare-bytes,otlp,agent").split(",")).stream().map(String::strip).toList();
        String executor = a.string("bare-executor", "direct");
        Path home = agentHome(a);
        String jvmOpts = jvmOpts(a, home);
        a.checkAllUsed();
        Benchmark bench = new Benchmark(clients, spans, warmup, window, executor, jvmOpts, home);
        System.out.printf(Locale.ROOT, "%s: %d clients, %d spans per request (~%,d bytes), %d s warm-up, %d s measured, %d rounds, %d cores%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), clients, spans, bench.meanRequestBytes(), warmup.toSeconds(),
                window.toSeconds(), rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "server JVM options: %s%nagent: %s%nload average at start: %.2f%n",
                jvmOpts, home, ProcStats.loadAverage());
        System.out.printf(Locale.ROOT, "client warm-up: %d s against %s, not measured%n", warmup.toSeconds(), servers.getFirst());
        bench.warmClients(servers.getFirst());
        System.out.println(Benchmark.HEADER);
        List<Benchmark.Measurement> all = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String s : rotate(servers, r)) {
                Benchmark.Measurement m = bench.measure(s);
                all.add(m);
                System.out.println(Benchmark.format(m) + (m.failures() > 0 ? " last failure: " + m.lastFailure() : ""));
            }
        }
        List<String> bases = servers.stream().filter(s -> s.startsWith("bare")).toList();
        System.out.printf(Locale.ROOT, "%nsummary over %d rounds: median (min–max); ratios of medians%n", rounds);
        StringBuilder head = new StringBuilder("| server | spans/s | server CPU-s per 100k spans |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|");
        for (String b : bases) {
            head.append(" spans/s vs ").append(b).append(" | CPU per span vs ").append(b).append(" |");
            rule.append("---:|---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (String s : servers) {
            double[] rate = values(all, s, Benchmark.Measurement::spansPerSecond);
            double[] cpu = values(all, s, Benchmark.Measurement::serverCpuPer100k);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", s, range(rate, "%,.0f"), range(cpu, "%.3f")));
            for (String b : bases) {
                row.append(String.format(Locale.ROOT, " %.1f %% | %.2f× |",
                        100 * Steady.median(sorted(rate)) / Steady.median(sorted(values(all, b, Benchmark.Measurement::spansPerSecond))),
                        Steady.median(sorted(cpu)) / Steady.median(sorted(values(all, b, Benchmark.Measurement::serverCpuPer100k)))));
            }
            System.out.println(row);
        }
        if (!bases.isEmpty()) {
            System.out.println();
            for (int r = 0; r < rounds; r++) {
                StringBuilder sb = new StringBuilder("round " + (r + 1) + ", spans/s against the baselines of the same round:");
                for (String b : bases) {
                    double base = valueOfRound(all, b, r);
                    for (String s : servers) {
                        if (!s.startsWith("bare")) {
                            sb.append(String.format(Locale.ROOT, " %s/%s %.1f %%;", s, b, 100 * valueOfRound(all, s, r) / base));
                        }
                    }
                }
                System.out.println(sb);
            }
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", ProcStats.loadAverage());
    }

    private static void steady(Args a) throws Exception {
        double rate = a.integer("rate", 10_000);
        int spans = a.integer("spans", 100);
        int connections = a.integer("connections", 4);
        Duration idle = a.seconds("idle", 15);
        Duration warmup = a.seconds("warmup", 30);
        Duration window = a.seconds("duration", 60);
        int rounds = a.integer("rounds", 3);
        List<String> servers = List.of(a.string("servers", "bare,agent-nop,agent").split(",")).stream().map(String::strip).toList();
        Path home = agentHome(a);
        String jvmOpts = jvmOpts(a, home);
        String config = a.string("agent-config", "");
        a.checkAllUsed();
        Steady steady = new Steady(rate, spans, connections, idle, warmup, window, jvmOpts, home,
                config.isEmpty() ? null : Path.of(config));
        System.out.printf(Locale.ROOT, "%s: %,.0f spans/s paced, %d spans per request, %d connections; %d s idle, %d s warm-up,"
                        + " %d s measured (sampled every second), %d rounds, %d cores%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), rate, spans, connections, idle.toSeconds(), warmup.toSeconds(),
                window.toSeconds(), rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "server JVM options: %s%nagent: %s (its conf/pipelines.conf)%nload average at start: %.2f%n",
                jvmOpts, home, ProcStats.loadAverage());
        List<Steady.Result> all = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            System.out.printf("round %d%n", r + 1);
            for (String s : rotate(servers, r)) {
                Steady.Result res = steady.measure(s);
                all.add(res);
                lines.add(Steady.format(res));
                System.out.println(Steady.HEADER.lines().findFirst().orElseThrow());
                System.out.println(Steady.format(res));
                if (!res.notes().isEmpty()) {
                    System.out.println("  " + res.notes());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nall rounds:%n%s%n", Steady.HEADER);
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nsummary over %d rounds: median (min–max)%n", rounds);
        System.out.println("| server | CPU % of one core | idle CPU % | RSS median MiB | RSS max MiB | idle RSS MiB | all acknowledged |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (String s : servers) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", s,
                    range(steadyValues(all, s, Steady.Result::cpuPct), "%.2f"),
                    range(steadyValues(all, s, Steady.Result::idleCpuPct), "%.2f"),
                    range(steadyValues(all, s, r -> r.rssMedianKiB() / 1024.0), "%.0f"),
                    range(steadyValues(all, s, r -> r.rssMaxKiB() / 1024.0), "%.0f"),
                    range(steadyValues(all, s, r -> r.idleRssKiB() / 1024.0), "%.0f"),
                    all.stream().filter(r -> r.mode().equals(s)).allMatch(Steady.Result::allAcked) ? "yes, every round" : "NO");
        }
        String base = servers.contains("bare") ? "bare" : servers.contains("bare-bytes") ? "bare-bytes" : null;
        if (base != null) {
            System.out.println();
            double cpuB = Steady.medianOf(all, base, Steady.Result::cpuPct);
            double rssB = Steady.medianOf(all, base, r -> r.rssMedianKiB() / 1024.0);
            for (String s : servers) {
                if (!s.equals(base)) {
                    System.out.printf(Locale.ROOT, "%s vs %s at %,.0f spans/s (medians): CPU %.2f×, RSS %.2f×%n", s, base, rate,
                            Steady.medianOf(all, s, Steady.Result::cpuPct) / cpuB,
                            Steady.medianOf(all, s, r -> r.rssMedianKiB() / 1024.0) / rssB);
                }
            }
        }
        if (servers.contains("agent")) {
            System.out.printf(Locale.ROOT, "agent (default pipeline) vs targets: CPU %.2f %% of one core (target 5 %%, the Collector's test allows 20 %%);"
                            + " RSS median %.0f MiB, max %.0f MiB (target 160 MiB, the Collector's test allows 100 MiB)%n",
                    Steady.medianOf(all, "agent", Steady.Result::cpuPct), Steady.medianOf(all, "agent", r -> r.rssMedianKiB() / 1024.0),
                    Steady.maxOf(all, "agent", r -> r.rssMaxKiB() / 1024.0));
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", ProcStats.loadAverage());
    }

    private static double valueOfRound(List<Benchmark.Measurement> all, String mode, int round) {
        return all.stream().filter(m -> m.mode().equals(mode)).skip(round).findFirst().orElseThrow().spansPerSecond();
    }

    private static double[] sorted(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s;
    }

    private static List<String> rotate(List<String> servers, int round) {
        List<String> out = new ArrayList<>(servers);
        java.util.Collections.rotate(out, -(round % Math.max(1, servers.size())));
        return out;
    }

    private static double[] values(List<Benchmark.Measurement> all, String mode, java.util.function.ToDoubleFunction<Benchmark.Measurement> f) {
        return all.stream().filter(m -> m.mode().equals(mode)).mapToDouble(f).toArray();
    }

    private static double[] steadyValues(List<Steady.Result> all, String mode, java.util.function.ToDoubleFunction<Steady.Result> f) {
        return all.stream().filter(r -> r.mode().equals(mode)).mapToDouble(f).toArray();
    }

    /** "median (min–max)" */
    private static String range(double[] v, String fmt) {
        if (v.length == 0) {
            return "–";
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return String.format(Locale.ROOT, fmt + " (" + fmt + "–" + fmt + ")", Steady.median(s), s[0], s[s.length - 1]);
    }

    private static void load(Args a) throws Exception {
        String target = a.string("target", "");
        String rateArg = a.string("rate", "");
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target host:port");
        }
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
        if (!rateArg.isEmpty()) {
            paced(a, host, port, Double.parseDouble(rateArg));
            return;
        }
        int clients = a.integer("clients", 8);
        int spans = a.integer("spans", 200);
        Duration duration = a.seconds("duration", 20);
        a.checkAllUsed();
        try (LoadGenerator load = new LoadGenerator(host, port, clients, spans, 32, 42)) {
            load.start();
            long n0 = System.nanoTime();
            LoadGenerator.Totals t0 = load.totals();
            for (long s = 1; s <= duration.toSeconds(); s++) {
                Thread.sleep(1000);
                LoadGenerator.Totals t = load.totals().minus(t0);
                System.out.printf(Locale.ROOT, "%3d s: %,12.0f spans/s  (%d failed requests)%n",
                        s, t.spans() / ((System.nanoTime() - n0) / 1e9), t.failures());
            }
            if (load.totals().failures() > 0) {
                System.out.println("last failure: " + load.lastFailure());
            }
        }
    }

    /** {@code load --rate}: paced for a bounded time, then waits for every answer and says whether all spans were acknowledged. */
    private static void paced(Args a, String host, int port, double rate) throws Exception {
        int spans = a.integer("spans", 100);
        int connections = a.integer("connections", 4);
        Duration duration = a.seconds("duration", 60);
        a.checkAllUsed();
        if (duration.toSeconds() > 3600) {
            throw new IllegalArgumentException("--duration: at most 3600 s");
        }
        try (PacedLoad load = new PacedLoad(host, port, connections, spans, rate, 512, System.nanoTime())) {
            long n0 = System.nanoTime();
            load.start();
            for (long s = 1; s <= duration.toSeconds(); s++) {
                Thread.sleep(Math.max(0, (n0 + s * 1_000_000_000L - System.nanoTime()) / 1_000_000));
                PacedLoad.Totals t = load.totals();
                System.out.printf(Locale.ROOT, "%3d s: %,10.0f spans/s sent, %,d acknowledged, %d failed requests, %d outstanding%n",
                        s, t.sentSpans() / ((System.nanoTime() - n0) / 1e9), t.ackedSpans(), t.failedRequests(), t.outstanding());
            }
            load.stopSending();
            boolean drained = load.drain(Duration.ofSeconds(35));
            PacedLoad.Totals t = load.totals();
            System.out.printf(Locale.ROOT, "sent %,d spans in %,d requests; acknowledged %,d; failed %,d%s%s%n",
                    t.sentSpans(), t.sentRequests(), t.ackedSpans(), t.failedSpans(),
                    drained ? "" : "; " + t.outstanding() + " requests still unanswered after 35 s",
                    t.skippedSlots() > 0 ? "; " + t.skippedSlots() + " send slots skipped" : "");
            if (t.failedRequests() > 0) {
                System.out.println("last failure: " + load.lastFailure());
            }
            System.out.println(drained && t.failedSpans() == 0 && t.ackedSpans() == t.sentSpans()
                    ? "all sent spans were acknowledged" : "NOT all sent spans were acknowledged");
        }
    }
}
