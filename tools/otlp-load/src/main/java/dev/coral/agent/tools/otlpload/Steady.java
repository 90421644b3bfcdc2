package dev.coral.agent.tools.otlpload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The agent's cost at a steady rate through its default pipeline (the distribution's
 * {@code conf/pipelines.conf}: otlp -> static-filter -> duckdb, plus sysmetrics and the Agent
 * API), against baselines in the same run: the bare grpc-java parse server (same JVM options)
 * and the agent wired {@code otlp -> nop} (the runtime and receiver without filter and store),
 * each taking the same paced load. Each server: idle for a while (idle CPU and RSS), then the paced
 * load, a warm-up, and a window sampled every second for CPU time and VmRSS; then sending
 * stops, every request sent must be answered, and the agent is stopped with SIGTERM.
 */
final class Steady {
    /** One server's figures. CPU in % of one core; RSS in KiB. */
    record Result(String mode, String label, double idleCpuPct, long idleRssKiB, double cpuPct, double cpuPctP90,
                  long rssMedianKiB, long rssMaxKiB, double sentPerSecond, long sentSpans, long ackedSpans, long failedSpans,
                  boolean drained, double otherCores, double load1, String notes) {
        boolean allAcked() {
            return drained && failedSpans == 0 && ackedSpans == sentSpans;
        }
    }

    private final double rate;
    private final int spans;
    private final int connections;
    private final Duration idle;
    private final Duration warmup;
    private final Duration window;
    private final String jvmOpts;
    private final Path agentHome;
    private final Path agentConfig;

    /** @param agentConfig the agent's pipelines.conf in mode {@code agent}; null: the distribution's own */
    Steady(double rate, int spans, int connections, Duration idle, Duration warmup, Duration window, String jvmOpts, Path agentHome,
            Path agentConfig) {
        this.rate = rate;
        this.spans = spans;
        this.connections = connections;
        this.idle = idle;
        this.warmup = warmup;
        this.window = window;
        this.jvmOpts = jvmOpts;
        this.agentHome = agentHome;
        this.agentConfig = agentConfig;
    }

    Result measure(String mode) throws Exception {
        return switch (mode) {
            case "bare", "bare-bytes" -> {
                try (Benchmark.ChildServer bare = Benchmark.ChildServer.start(mode, "direct", jvmOpts)) {
                    yield run(mode, bare.label(), bare.port(), bare.pid(), null);
                }
            }
            case "agent" -> {
                try (AgentProcess agent = AgentProcess.start(agentHome, AgentProcess.Wiring.DEFAULT, agentConfig, jvmOpts,
                        Duration.ofSeconds(90))) {
                    yield run(mode, agentConfig == null ? "agent: default pipeline (otlp -> static-filter -> duckdb)"
                            : "agent: " + agentConfig.getFileName(), agent.grpcPort(), agent.jvmPid(), agent);
                }
            }
            case "agent-nop" -> {
                try (AgentProcess agent = AgentProcess.start(agentHome, AgentProcess.Wiring.NOP, jvmOpts, Duration.ofSeconds(90))) {
                    yield run(mode, "agent: otlp -> nop", agent.grpcPort(), agent.jvmPid(), agent);
                }
            }
            default -> throw new IllegalArgumentException("steady: bare, bare-bytes, agent-nop or agent, not " + mode);
        };
    }

    private Result run(String mode, String label, int port, long pid, AgentProcess agent) throws Exception {
        // Idle: what the server costs with nothing to do (the agent: sysmetrics, retention, API).
        System.out.printf(Locale.ROOT, "  %s: pid %d, idle %d s%n", mode, pid, idle.toSeconds());
        Thread.sleep(1000);
        SampledWindow idleWindow = SampledWindow.sample(pid, idle, null, null);

        try (PacedLoad load = new PacedLoad("127.0.0.1", port, connections, spans, rate, 512, 7)) {
            load.start();
            System.out.printf(Locale.ROOT, "  %s: %,.0f spans/s, warm-up %d s%n", mode, rate, warmup.toSeconds());
            Thread.sleep(warmup);
            PacedLoad.Totals t0 = load.totals();
            var threads0 = ProcStats.ticksByThreadGroup(pid);
            ProcStats.MachineCpu m0 = ProcStats.MachineCpu.now();
            long self0 = ProcStats.selfCpuNanos();
            long n0 = System.nanoTime();
            SampledWindow w = SampledWindow.sample(pid, window, null, mode, () -> {
                PacedLoad.Totals t = load.totals().minus(t0);
                return String.format(Locale.ROOT, "  %,8.0f spans/s sent  %d failed, %d outstanding",
                        t.sentSpans() / ((System.nanoTime() - n0) / 1e9), t.failedRequests(), t.outstanding());
            });
            var threads1 = ProcStats.ticksByThreadGroup(pid);
            long self1 = ProcStats.selfCpuNanos();
            ProcStats.MachineCpu m1 = ProcStats.MachineCpu.now();
            long n1 = System.nanoTime();
            PacedLoad.Totals inWindow = load.totals().minus(t0);
            double seconds = (n1 - n0) / 1e9;
            double others = m1.busyCoresSince(m0, seconds) - (w.cpuNanos() + (self1 - self0)) / 1e9 / seconds;
            double load1 = ProcStats.loadAverage();

            load.stopSending();
            boolean drained = load.drain(Duration.ofSeconds(35));
            PacedLoad.Totals all = load.totals();
            String notes = "CPU by thread: " + ProcStats.threadShare(threads0, threads1, seconds, 6) + "; ";
            if (all.failedRequests() > 0) {
                notes += "last failure: " + load.lastFailure() + "; ";
            }
            if (all.skippedSlots() > 0) {
                notes += all.skippedSlots() + " send slots skipped (client fell >1 s behind); ";
            }
            if (agent != null) {
                notes += agentNotes(agent, all);
            }
            return new Result(mode, label, idleWindow.cpuPct(), idleWindow.rssMedianKiB(), w.cpuPct(), w.cpuPctP90(),
                    w.rssMedianKiB(), w.rssMaxKiB(),
                    inWindow.sentSpans() / seconds, all.sentSpans(), all.ackedSpans(), all.failedSpans(), drained,
                    Math.max(0, others), load1, notes);
        }
    }

    /** What the agent says it did (its /metrics), how big its data got, and how it stopped. */
    private static String agentNotes(AgentProcess agent, PacedLoad.Totals sent) throws Exception {
        Map<String, Double> m = agent.metrics();
        double accepted = AgentProcess.sum(m, "otelcol_receiver_accepted_spans");
        double refused = AgentProcess.sum(m, "otelcol_receiver_refused_spans");
        double kept = AgentProcess.sum(m, "otelcol_processor_static_filter_kept_spans");
        double dropped = AgentProcess.sum(m, "otelcol_processor_static_filter_dropped_spans");
        double written = AgentProcess.sum(m, "coral_store_written_spans");
        double commits = AgentProcess.sum(m, "coral_store_commits");
        double acked = AgentProcess.sum(m, "coral_store_ack_wait_seconds_count");
        double ackWaitSeconds = AgentProcess.sum(m, "coral_store_ack_wait_seconds_sum");
        long dataBytes = agent.dataBytes();
        AgentProcess.Stop stop = agent.stop(Duration.ofSeconds(30));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "agent: accepted %,.0f spans (refused %,.0f)", accepted, refused));
        if (kept + dropped > 0) {
            sb.append(String.format(Locale.ROOT, ", filter kept %,.0f (%.1f %%) dropped %,.0f", kept, 100 * kept / (kept + dropped), dropped));
        }
        if (commits > 0) {
            sb.append(String.format(Locale.ROOT, ", store wrote %,.0f spans in %,.0f commits", written, commits));
        }
        if (acked > 0) {
            sb.append(String.format(Locale.ROOT, " (mean ack wait %.1f ms)", 1000 * ackWaitSeconds / acked));
        }
        sb.append(String.format(Locale.ROOT, ", data dir %.1f MiB; SIGTERM -> exit %d in %d ms", dataBytes / 1048576.0,
                stop.exitCode(), stop.took().toMillis()));
        if ((long) accepted != sent.ackedSpans()) {
            sb.append(String.format(Locale.ROOT, "; NOTE: client saw %,d spans acknowledged", sent.ackedSpans()));
        }
        if (stop.exitCode() != 0) {
            sb.append("\n").append(agent.logTail());
        }
        return sb.toString();
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "| %s | %.2f | %d | %,.0f | %.2f | %.2f | %d | %d | %,d / %,d%s | %.2f | %.1f |",
                r.label(), r.idleCpuPct(), r.idleRssKiB() / 1024, r.sentPerSecond(), r.cpuPct(), r.cpuPctP90(),
                r.rssMedianKiB() / 1024, r.rssMaxKiB() / 1024, r.ackedSpans(), r.sentSpans(),
                r.allAcked() ? " (all)" : " (NOT all: " + r.failedSpans() + " failed" + (r.drained() ? ")" : ", not drained)"),
                r.otherCores(), r.load1());
    }

    static final String HEADER = "| server | idle CPU % | idle RSS MiB | spans/s sent | CPU % of one core | p90 of 1-s CPU % "
            + "| RSS median MiB | RSS max MiB | acknowledged / sent spans | other processes, cores | load avg 1 min |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    static double medianOf(List<Result> rs, String mode, ToDoubleFunction<Result> f) {
        double[] v = rs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(f).sorted().toArray();
        return median(v);
    }

    static double minOf(List<Result> rs, String mode, ToDoubleFunction<Result> f) {
        return rs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(f).min().orElse(Double.NaN);
    }

    static double maxOf(List<Result> rs, String mode, ToDoubleFunction<Result> f) {
        return rs.stream().filter(r -> r.mode().equals(mode)).mapToDouble(f).max().orElse(Double.NaN);
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static String describe(double[] values) {
        Arrays.sort(values);
        return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(values), values[0], values[values.length - 1]);
    }
}
