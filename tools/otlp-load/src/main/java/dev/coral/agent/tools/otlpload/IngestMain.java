package dev.coral.agent.tools.otlpload;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** {@code otlp-load ingest}: runs {@link IngestBench} and prints issue 16's table ({@link IngestTable}). */
final class IngestMain {
    private IngestMain() {}

    static void run(Args a) throws Exception {
        Path home = Main.agentHome(a);
        String jvmOpts = Main.jvmOpts(a, home);
        IngestBench.Settings s = new IngestBench.Settings(
                a.integer("rate", 10_000), a.integer("spans", 100), a.integer("connections", 4),
                a.integer("clients", 8), a.integer("closed-spans", 200),
                a.seconds("settle", 20), a.seconds("idle", 15), a.seconds("warmup", 15), a.seconds("duration", 30),
                a.seconds("closed-warmup", 10), a.seconds("closed-duration", 20),
                a.integer("sdk-rate", 20_000), a.seconds("sdk-warmup", 5), a.seconds("sdk-duration", 30),
                jvmOpts, home);
        a.checkAllUsed();
        check(s);
        System.out.printf(Locale.ROOT, "%s: issue 16's table, %d phases, ~%d s of load and idle plus start-ups, %d cores%n"
                        + "agent: %s (its conf/pipelines.conf, and a copy with sample-rate 1.0)%nserver JVM options: %s%n"
                        + "load average at start: %.2f%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), IngestBench.PHASES, s.plannedSeconds(),
                Runtime.getRuntime().availableProcessors(), home, jvmOpts, ProcStats.loadAverage());
        ProcStats.MachineCpu m0 = ProcStats.MachineCpu.now();
        long self0 = ProcStats.selfCpuNanos();
        long n0 = System.nanoTime();
        IngestBench.Figures f = new IngestBench(s).run();
        double seconds = (System.nanoTime() - n0) / 1e9;
        System.out.printf(Locale.ROOT, "%nissue 16's table (%.0f s run):%n%n", seconds);
        System.out.print(IngestTable.markdown(IngestTable.rows(f, s)));
        System.out.println();
        f.notes().forEach(n -> System.out.println("note: " + n));
        System.out.printf(Locale.ROOT, "machine: %.2f cores busy on average over the run (this tool's own load clients: %.2f);"
                        + " load average at end: %.2f%n", ProcStats.MachineCpu.now().busyCoresSince(m0, seconds),
                (ProcStats.selfCpuNanos() - self0) / 1e9 / seconds, ProcStats.loadAverage());
    }

    private static void check(IngestBench.Settings s) {
        for (Duration d : new Duration[] {s.settle(), s.idle(), s.warmup(), s.window(), s.closedWarmup(), s.closedWindow(), s.sdkWarmup(),
                s.sdkWindow()}) {
            if (d.isNegative() || d.toSeconds() > 3600) {
                throw new IllegalArgumentException("every duration: 0 to 3600 s, not " + d.toSeconds());
            }
        }
        if (s.window().toSeconds() < 1 || s.idle().toSeconds() < 1 || s.closedWindow().toSeconds() < 1 || s.sdkWindow().toSeconds() < 1) {
            throw new IllegalArgumentException("--idle, --duration, --closed-duration and --sdk-duration: at least 1 s");
        }
        if (s.rate() <= 0 || s.sdkRate() <= 0 || s.pacedSpans() <= 0 || s.closedSpans() <= 0 || s.clients() <= 0
                || s.connections() <= 0) {
            throw new IllegalArgumentException("rates, spans per request, clients and connections must be positive");
        }
    }
}
