package dev.coral.agent.tools.otlpload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 16's table from an {@link IngestBench} run: each figure of the agent, the bare grpc-java
 * server's beside it where the issue compares them (ratios against the bare server of the same
 * run), the target, and whether it is met.
 */
final class IngestTable {
    /** One row: what, the agent's figure, the bare server's (or "–"), the target, met ("yes", "no" or "–"). */
    record Row(String figure, String measured, String bare, String target, String met) {}

    private static final double MIB = 1024.0;

    private IngestTable() {}

    static List<Row> rows(IngestBench.Figures f, IngestBench.Settings s) {
        List<Row> rows = new ArrayList<>();
        String rate = String.format(Locale.ROOT, "%,.0f", s.rate());
        IngestBench.Paced a = f.agentPaced();
        IngestBench.Paced b = f.barePaced();
        rows.add(new Row("default pipeline at " + rate + " spans/s: CPU, median of 1-s samples (p90)",
                cpu(a.window()) + ack(a), cpu(b.window()) + ack(b), "≤ 5 %", met(a.window().cpuPctMedian() <= 5)));
        rows.add(new Row("… RSS median / max", rss(a.window()), rss(b.window()), "≤ 160 / 180 MiB",
                met(a.window().rssMedianKiB() <= 160 * 1024 && a.window().rssMaxKiB() <= 180 * 1024)));
        rows.add(new Row("idle (after " + s.settle().toSeconds() + " s settling): RSS median / CPU",
                idle(f.agentIdle()), idle(f.bareIdle()), "≤ 100 MiB / ≤ 0.2 %",
                met(f.agentIdle().rssMedianKiB() <= 100 * 1024 && f.agentIdle().cpuPct() <= 0.2)));
        IngestBench.Paced n = f.nopPaced();
        double cpuRatio = n.window().cpuPctMedian() / b.window().cpuPctMedian();
        double rssRatio = (double) n.window().rssMedianKiB() / b.window().rssMedianKiB();
        rows.add(new Row("`otlp -> nop` at " + rate + " spans/s: CPU median; RSS median",
                String.format(Locale.ROOT, "%.2f %% (%.2f× bare); %.0f MiB (%.2f× bare)", n.window().cpuPctMedian(), cpuRatio,
                        n.window().rssMedianKiB() / MIB, rssRatio) + ack(n),
                String.format(Locale.ROOT, "%.2f %%; %.0f MiB", b.window().cpuPctMedian(), b.window().rssMedianKiB() / MIB),
                "CPU kept (≤ 1.1× bare; the issue: 4.8 % vs 4.6 %); RSS ≤ 1.2× bare", "CPU " + (cpuRatio <= 1.1 ? "kept" : "NOT kept") + ", RSS " + met(rssRatio <= 1.2)));
        IngestBench.Closed keepAll = f.keepAllClosed();
        IngestBench.Closed sampled = f.agentClosed();
        IngestBench.Closed bareClosed = f.bareClosed();
        String loop = s.clients() + " clients × " + s.closedSpans() + " spans";
        rows.add(new Row("closed loop, " + loop + ", sample-rate 1.0: spans/s", throughput(keepAll, bareClosed),
                throughput(bareClosed, null), "≥ 100,000", met(keepAll.spansPerSecond() >= 100_000)));
        rows.add(new Row("same, sample-rate 0.10 (the default config)", throughput(sampled, bareClosed), "–", "≥ 150,000",
                met(sampled.spansPerSecond() >= 150_000)));
        rows.add(new Row("RSS max during that closed loop (1.0 / 0.10)",
                String.format(Locale.ROOT, "%.0f / %.0f MiB", keepAll.window().rssMaxKiB() / MIB, sampled.window().rssMaxKiB() / MIB),
                String.format(Locale.ROOT, "%.0f MiB", bareClosed.window().rssMaxKiB() / MIB), "≤ 256 MiB at any load",
                met(Math.max(keepAll.window().rssMaxKiB(), sampled.window().rssMaxKiB()) <= 256 * 1024)));
        rows.add(new Row("client's wait, send to OK, in that closed loop: p50 / p99 (1.0; 0.10)",
                latency(keepAll) + "; " + latency(sampled), latency(bareClosed), "– (queueing; the store's wait is below)", "–"));
        rows.add(new Row("store's `coral_store_ack_wait_seconds` at " + rate + " spans/s: p50 / p99", ackWait(a), "–",
                "p50 ≤ 5 ms, p99 ≤ 25 ms", ackMet(a)));
        IngestBench.Paced half = f.agentHalfPeak();
        rows.add(new Row(half == null ? "same at 50 % of the peak (not run)"
                        : String.format(Locale.ROOT, "same at 50 %% of the default pipeline's peak (%,.0f spans/s sent)", half.sentPerSecond()),
                half == null ? "–" : ackWait(half), "–", "p50 ≤ 5 ms, p99 ≤ 25 ms", half == null ? "–" : ackMet(half)));
        SdkSpanLoad.Result sdk = f.sdk();
        rows.add(new Row(String.format(Locale.ROOT, "OpenTelemetry Java SDK, default BatchSpanProcessor, %,.0f spans/s for %.0f s:"
                                + " spans the SDK dropped; spans/s delivered", sdk.targetRate(), sdk.seconds()),
                String.format(Locale.ROOT, "%,d of %,d dropped (%.1f %%); %,.0f/s delivered%s%s", sdk.droppedBySdk(), sdk.produced(),
                        100.0 * sdk.droppedBySdk() / Math.max(1, sdk.produced()), sdk.deliveredPerSecond(),
                        sdk.exportFailedSpans() > 0 ? String.format(Locale.ROOT, ", %,d in failed exports", sdk.exportFailedSpans()) : "",
                        sdk.producedPerSecond() < 0.97 * sdk.targetRate()
                                ? String.format(Locale.ROOT, "; only %,.0f/s produced (this JVM starved)", sdk.producedPerSecond()) : ""),
                "–", "none dropped", met(sdk.droppedBySdk() == 0 && sdk.exportFailedSpans() == 0)));
        return rows;
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| figure | agent | bare grpc-java, same run | target (issue 16) | met |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.figure()).append(" | ").append(r.measured()).append(" | ").append(r.bare()).append(" | ")
                    .append(r.target()).append(" | ").append(r.met()).append(" |\n");
        }
        return sb.toString();
    }

    private static String met(boolean ok) {
        return ok ? "yes" : "no";
    }

    private static String cpu(SampledWindow w) {
        return String.format(Locale.ROOT, "%.2f %% (p90 %.2f %%)", w.cpuPctMedian(), w.cpuPctP90());
    }

    /** The paced load's shortfall, if it did not keep its rate or lost spans. */
    private static String ack(IngestBench.Paced p) {
        String out = "";
        if (p.sentPerSecond() < 0.97 * p.targetRate()) {
            out += String.format(Locale.ROOT, "; only %,.0f spans/s sent", p.sentPerSecond());
        }
        if (!p.allAcked()) {
            out += "; NOT every span acknowledged";
        }
        return out;
    }

    private static String rss(SampledWindow w) {
        return String.format(Locale.ROOT, "%.0f / %.0f MiB", w.rssMedianKiB() / MIB, w.rssMaxKiB() / MIB);
    }

    private static String idle(SampledWindow w) {
        return String.format(Locale.ROOT, "%.0f MiB / %.2f %%", w.rssMedianKiB() / MIB, w.cpuPct());
    }

    private static String throughput(IngestBench.Closed c, IngestBench.Closed bare) {
        String out = String.format(Locale.ROOT, "%,.0f (agent CPU %.0f %% of one core)", c.spansPerSecond(), c.window().cpuPct());
        if (bare != null && bare.spansPerSecond() > 0) {
            out += String.format(Locale.ROOT, "; %.0f %% of bare", 100 * c.spansPerSecond() / bare.spansPerSecond());
        }
        if (c.failures() > 0) {
            out += "; " + c.failures() + " failed requests (" + c.lastFailure() + ")";
        }
        return out;
    }

    private static String latency(IngestBench.Closed c) {
        return String.format(Locale.ROOT, "%.1f / %.1f ms", c.latency().p50Ms(), c.latency().p99Ms());
    }

    private static String ackWait(IngestBench.Paced p) {
        PromHistogram h = p.ackWait();
        if (h == null) {
            return "no histogram";
        }
        if (h.count() == 0) {
            return "no batches";
        }
        return String.format(Locale.ROOT, "%s / %s ms (%,d batches)%s", ms(h, 0.5), ms(h, 0.99), h.count(), ack(p));
    }

    private static String ms(PromHistogram h, double q) {
        return (h.beyondFiniteBounds(q) ? "> " : "") + String.format(Locale.ROOT, "%.1f", 1000 * h.quantile(q));
    }

    private static String ackMet(IngestBench.Paced p) {
        PromHistogram h = p.ackWait();
        if (h == null || h.count() == 0) {
            return "–";
        }
        return met(h.quantile(0.5) <= 0.005 && h.quantile(0.99) <= 0.025 && !h.beyondFiniteBounds(0.99));
    }
}
