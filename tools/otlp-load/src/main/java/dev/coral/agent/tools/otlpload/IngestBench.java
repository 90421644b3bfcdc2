package dev.coral.agent.tools.otlpload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16's table in one run: the built distribution against the bare grpc-java parse server
 * (the ceiling), each in a child process on free loopback ports with a temporary data directory.
 * <ol>
 *   <li>bare: idle after a settling time; paced {@code rate}; closed loop.</li>
 *   <li>the agent wired {@code otlp -> nop}: paced {@code rate}.</li>
 *   <li>the agent on the distribution's {@code conf/pipelines.conf} (static-filter at its
 *       {@code sample-rate} 0.10): idle after the settling time; paced {@code rate} with the store's
 *       {@code coral_store_ack_wait_seconds} differenced over the window; the OpenTelemetry SDK
 *       ({@link SdkSpanLoad}) at {@code sdkRate}; closed loop (the peak); paced at half that peak,
 *       again with the store's ack wait.</li>
 *   <li>the agent on a copy of that config with {@code sample-rate = 1.0}: closed loop.</li>
 * </ol>
 * Every phase is bounded in time; a phase line is printed as each starts, its figures when it ends.
 */
final class IngestBench {
    /** What to run and for how long. */
    record Settings(double rate, int pacedSpans, int connections, int clients, int closedSpans, Duration settle, Duration idle,
                    Duration warmup, Duration window, Duration closedWarmup, Duration closedWindow, double sdkRate,
                    Duration sdkWarmup, Duration sdkWindow, String jvmOpts, Path agentHome) {
        /** Seconds the phases take, start-ups and drains not counted. */
        long plannedSeconds() {
            long paced = warmup.plus(window).toSeconds();
            long closed = closedWarmup.plus(closedWindow).toSeconds();
            long idled = settle.plus(idle).toSeconds();
            return 2 * idled + 4 * paced + 3 * closed + sdkWarmup.plus(sdkWindow).toSeconds();
        }
    }

    /** A paced load's figures over the window; {@code ackWait} the store's histogram over it (null for bare and nop). */
    record Paced(double targetRate, double sentPerSecond, SampledWindow window, boolean allAcked, long failedSpans,
                 String lastFailure, PromHistogram ackWait) {}

    /** A closed loop's figures over the window: throughput, the server's CPU and RSS, the clients' send-to-OK latency. */
    record Closed(double spansPerSecond, SampledWindow window, LatencyRecorder.Quantiles latency, long failures,
                  String lastFailure) {}

    /** Everything the table needs; a phase that could not run is null. */
    record Figures(SampledWindow bareIdle, Paced barePaced, Closed bareClosed, Paced nopPaced, SampledWindow agentIdle,
                   Paced agentPaced, SdkSpanLoad.Result sdk, Closed agentClosed, Paced agentHalfPeak, Closed keepAllClosed,
                   List<String> notes) {}

    static final int PHASES = 10;
    private static final Pattern SAMPLE_RATE = Pattern.compile("sample-rate\\s*=\\s*[0-9.]+");
    private static final String ACK_WAIT = "coral_store_ack_wait_seconds";

    private final Settings s;
    private final List<String> notes = new ArrayList<>();
    private int phase;

    IngestBench(Settings settings) {
        this.s = settings;
    }

    Figures run() throws Exception {
        SampledWindow bareIdle;
        Paced barePaced;
        Closed bareClosed;
        try (Benchmark.ChildServer bare = Benchmark.ChildServer.start("bare", "direct", s.jvmOpts())) {
            bareIdle = idle("bare", bare.pid());
            barePaced = paced("bare", bare.port(), bare.pid(), null, s.rate());
            bareClosed = closed("bare", bare.port(), bare.pid());
        }
        Paced nopPaced;
        try (AgentProcess nop = AgentProcess.start(s.agentHome(), AgentProcess.Wiring.NOP, s.jvmOpts(), Duration.ofSeconds(90))) {
            nopPaced = paced("agent otlp -> nop", nop.grpcPort(), nop.jvmPid(), null, s.rate());
            stop("agent otlp -> nop", nop);
        }
        SampledWindow agentIdle;
        Paced agentPaced;
        SdkSpanLoad.Result sdk;
        Closed agentClosed;
        Paced halfPeak = null;
        try (AgentProcess agent = AgentProcess.start(s.agentHome(), AgentProcess.Wiring.DEFAULT, s.jvmOpts(), Duration.ofSeconds(90))) {
            String name = "agent default pipeline";
            agentIdle = idle(name, agent.jvmPid());
            agentPaced = paced(name, agent.grpcPort(), agent.jvmPid(), agent, s.rate());
            sdk = sdk(name, agent);
            agentClosed = closed(name, agent.grpcPort(), agent.jvmPid());
            if (agentClosed.spansPerSecond() > 0) {
                halfPeak = paced(name + ", 50 % of its peak", agent.grpcPort(), agent.jvmPid(), agent, agentClosed.spansPerSecond() / 2);
            } else {
                phase++;
                notes.add("no 50 %-of-peak phase: the closed loop acknowledged nothing");
            }
            notes.add(name + ": " + agentCounts(scrape(name, agent)));
            stop(name, agent);
        }
        Closed keepAll;
        Path work = Files.createTempDirectory("otlp-load-ingest-");
        try {
            Path conf = keepAllConfig(s.agentHome().resolve("conf/pipelines.conf"), work.resolve("pipelines-sample-rate-1.conf"));
            try (AgentProcess agent = AgentProcess.start(s.agentHome(), AgentProcess.Wiring.DEFAULT, conf, s.jvmOpts(),
                    Duration.ofSeconds(90))) {
                String name = "agent sample-rate 1.0";
                keepAll = closed(name, agent.grpcPort(), agent.jvmPid());
                notes.add(name + ": " + agentCounts(scrape(name, agent)));
                stop(name, agent);
            }
        } finally {
            Files.deleteIfExists(work.resolve("pipelines-sample-rate-1.conf"));
            Files.deleteIfExists(work);
        }
        return new Figures(bareIdle, barePaced, bareClosed, nopPaced, agentIdle, agentPaced, sdk, agentClosed, halfPeak, keepAll,
                List.copyOf(notes));
    }

    /**
     * The distribution's config with every {@code sample-rate} set to 1.0 (the static filter keeps
     * every span), written to {@code target}; the CORAL_* overrides stay, so the agent still runs on
     * the ports and data directory {@link AgentProcess} gives it.
     */
    static Path keepAllConfig(Path defaultConfig, Path target) throws IOException {
        String text = Files.readString(defaultConfig);
        Matcher m = SAMPLE_RATE.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no sample-rate = ... in " + defaultConfig + ": cannot make its sample-rate 1.0 copy");
        }
        Files.writeString(target, "# otlp-load ingest: " + defaultConfig + " with sample-rate 1.0\n" + m.replaceAll("sample-rate = 1.0"));
        return target;
    }

    private void start(String what, String detail) {
        phase++;
        System.out.printf(Locale.ROOT, "%s [%2d/%d] %s: %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), phase, PHASES, what, detail);
    }

    private static void done(String figures) {
        System.out.println("           -> " + figures);
    }

    private SampledWindow idle(String who, long pid) throws InterruptedException {
        start(who, String.format(Locale.ROOT, "idle, %d s settling then %d s sampled", s.settle().toSeconds(), s.idle().toSeconds()));
        Thread.sleep(s.settle());
        SampledWindow w = SampledWindow.sample(pid, s.idle(), null, null);
        done(String.format(Locale.ROOT, "RSS median %d MiB, CPU %.2f %% of one core", w.rssMedianKiB() / 1024, w.cpuPct()));
        return w;
    }

    private Paced paced(String who, int port, long pid, AgentProcess agent, double rate) throws Exception {
        start(who, String.format(Locale.ROOT, "paced %,.0f spans/s (%d per request, %d connections), %d s warm-up + %d s sampled",
                rate, s.pacedSpans(), s.connections(), s.warmup().toSeconds(), s.window().toSeconds()));
        try (PacedLoad load = new PacedLoad("127.0.0.1", port, s.connections(), s.pacedSpans(), rate, 512, 7)) {
            load.start();
            Thread.sleep(s.warmup());
            // The scrape first: under load it can take seconds, which must fall outside the window's clock and counts.
            PromHistogram h0 = agent == null ? null : PromHistogram.of(scrape(who, agent), ACK_WAIT);
            PacedLoad.Totals t0 = load.totals();
            long n0 = System.nanoTime();
            SampledWindow w = SampledWindow.sample(pid, s.window(), null, null);
            double sent = load.totals().minus(t0).sentSpans() / ((System.nanoTime() - n0) / 1e9);
            PromHistogram h1 = agent == null ? null : PromHistogram.of(scrape(who, agent), ACK_WAIT);
            load.stopSending();
            boolean drained = load.drain(Duration.ofSeconds(35));
            PacedLoad.Totals all = load.totals();
            boolean allAcked = drained && all.failedSpans() == 0 && all.ackedSpans() == all.sentSpans();
            PromHistogram ackWait = h0 == null || h1 == null ? null : h1.minus(h0);
            if (agent != null && ackWait == null) {
                notes.add(who + ": the agent's /metrics has no " + ACK_WAIT + " histogram");
            }
            done(String.format(Locale.ROOT, "%,.0f spans/s sent; CPU median %.2f %% (p90 %.2f) of one core; RSS median %d, max %d MiB; %s%s",
                    sent, w.cpuPctMedian(), w.cpuPctP90(), w.rssMedianKiB() / 1024, w.rssMaxKiB() / 1024,
                    allAcked ? "every span acknowledged" : "NOT every span acknowledged (" + all.failedSpans() + " failed"
                            + (drained ? "" : ", not drained") + ")",
                    ackWait == null ? "" : String.format(Locale.ROOT, "; store ack wait p50 %.1f ms, p99 %.1f ms over %,d batches",
                            1000 * ackWait.quantile(0.5), 1000 * ackWait.quantile(0.99), ackWait.count())));
            return new Paced(rate, sent, w, allAcked, all.failedSpans(), load.lastFailure(), ackWait);
        }
    }

    private Closed closed(String who, int port, long pid) throws Exception {
        start(who, String.format(Locale.ROOT, "closed loop, %d clients x %d spans, %d s warm-up + %d s sampled", s.clients(),
                s.closedSpans(), s.closedWarmup().toSeconds(), s.closedWindow().toSeconds()));
        LatencyRecorder latencies = new LatencyRecorder(2_000_000);
        try (LoadGenerator load = new LoadGenerator("127.0.0.1", port, s.clients(), s.closedSpans(), 32, 42)) {
            load.recordLatenciesInto(latencies);
            load.start();
            Thread.sleep(s.closedWarmup());
            LoadGenerator.Totals t0 = load.totals();
            latencies.reset();
            long n0 = System.nanoTime();
            SampledWindow w = SampledWindow.sample(pid, s.closedWindow(), null, null);
            LoadGenerator.Totals d = load.totals().minus(t0);
            LatencyRecorder.Quantiles q = latencies.quantiles();
            double rate = d.spans() / ((System.nanoTime() - n0) / 1e9);
            done(String.format(Locale.ROOT, "%,.0f spans/s; server CPU %.0f %% of one core; RSS max %d MiB; send to OK p50 %.1f ms,"
                            + " p99 %.1f ms; %d failed requests", rate, w.cpuPct(), w.rssMaxKiB() / 1024, q.p50Ms(), q.p99Ms(),
                    d.failures()));
            return new Closed(rate, w, q, d.failures(), load.lastFailure());
        }
    }

    private SdkSpanLoad.Result sdk(String who, AgentProcess agent) throws InterruptedException {
        start(who, String.format(Locale.ROOT, "OpenTelemetry Java SDK (default BatchSpanProcessor, OTLP/gRPC) at %,.0f spans/s,"
                + " %d s warm-up + %d s counted", s.sdkRate(), s.sdkWarmup().toSeconds(), s.sdkWindow().toSeconds()));
        SdkSpanLoad.Result r = new SdkSpanLoad("http://127.0.0.1:" + agent.grpcPort(), s.sdkRate()).run(s.sdkWarmup(), s.sdkWindow());
        done(String.format(Locale.ROOT, "%,.0f spans/s produced, %,.0f/s delivered (acknowledged); the SDK dropped %,d of %,d;"
                        + " %,d spans in failed exports; queue up to %,d", r.producedPerSecond(), r.deliveredPerSecond(), r.droppedBySdk(),
                r.produced(), r.exportFailedSpans(), r.maxQueued()));
        return r;
    }

    /** The agent's /metrics; empty (and a note) if it does not answer, so one failed scrape costs a figure, not the run. */
    private Map<String, Double> scrape(String who, AgentProcess agent) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            Map<String, Double> m = agent.metrics();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 1000) {
                notes.add(String.format(Locale.ROOT, "%s: GET /metrics took %,d ms", who, ms));
            }
            return m;
        } catch (IOException e) {
            notes.add(who + ": GET /metrics failed: " + e);
            return Map.of();
        }
    }

    private void stop(String who, AgentProcess agent) throws InterruptedException {
        AgentProcess.Stop stop = agent.stop(Duration.ofSeconds(30));
        if (stop.exitCode() != 0) {
            notes.add(who + ": SIGTERM -> exit " + stop.exitCode() + "\n" + agent.logTail());
        }
    }

    /** What the agent says it did. */
    private static String agentCounts(Map<String, Double> m) {
        return String.format(Locale.ROOT, "otlp accepted %,.0f spans, refused %,.0f; filter kept %,.0f, dropped %,.0f;"
                        + " store wrote %,.0f spans in %,.0f commits (%,.0f batches acknowledged, %,.0f refused), %,.0f checkpoints",
                AgentProcess.sum(m, "otelcol_receiver_accepted_spans"), AgentProcess.sum(m, "otelcol_receiver_refused_spans"),
                AgentProcess.sum(m, "otelcol_processor_static_filter_kept_spans"),
                AgentProcess.sum(m, "otelcol_processor_static_filter_dropped_spans"), AgentProcess.sum(m, "coral_store_written_spans"),
                AgentProcess.sum(m, "coral_store_commits"), AgentProcess.sum(m, ACK_WAIT + "_count"),
                AgentProcess.sum(m, "coral_store_refused_batches"), AgentProcess.sum(m, "coral_store_checkpoints"));
    }
}
