package dev.coral.agent.tools.otlpload;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The beyla path's cost (issue 14): the built distribution on its default pipelines.conf
 * (beyla receiver on a free loopback port -> ebpf pipeline -> duckdb; no Beyla binary, so
 * receive-only) fed Beyla-shaped HTTP RED histograms ({@link BeylaRequests}).
 * <ul>
 *   <li>{@link #realistic}: {@code series} series once per second, as Beyla exports: agent CPU
 *       and RSS against the same agent idle just before (the baseline), and every row stored.
 *   <li>{@link #capacity}: closed loop, {@code clients} clients sending such requests back to
 *       back: rows/s, CPU per 100k rows, refusals; and, same run, same clients, the span path
 *       (otlp -> static-filter -> duckdb, 200 spans per request) of a fresh agent as the baseline.
 * </ul>
 */
final class BeylaBench {
    /** Realistic scenario's figures: the idle and the loaded blocks, each joined. */
    record Realistic(SampledWindow idle, SampledWindow loaded, long sentPoints, long ackedPoints, long failedRequests,
                     double writtenRows, double otherCores, String notes) {}

    /** One capacity run: items (rows or spans) per second over the window. */
    record Capacity(String path, double itemsPerSecond, double cpuCores, double cpuPer100k, long failures, String lastFailure,
                    double otherCores, double load1, String notes) {}

    private final int series;
    private final String jvmOpts;
    private final Path agentHome;

    BeylaBench(int series, String jvmOpts, Path agentHome) {
        this.series = series;
        this.jvmOpts = jvmOpts;
        this.agentHome = agentHome;
    }

    private AgentProcess startAgent() throws Exception {
        AgentProcess agent = AgentProcess.start(agentHome, AgentProcess.Wiring.DEFAULT, jvmOpts, Duration.ofSeconds(90));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!AgentProcess.accepts(agent.beylaGrpcPort())) {
            if (System.nanoTime() > deadline) {
                agent.close();
                throw new IllegalStateException("beyla receiver not listening on " + agent.beylaGrpcPort());
            }
            Thread.sleep(50);
        }
        return agent;
    }

    /**
     * After {@code settle} (the agent's own start-up work: first profiler cycles, DuckDB, JIT) and a
     * load warm-up, {@code pairs} pairs of blocks alternate: idle (the baseline) then loaded, so the
     * machine's and the agent's drifts fall on both alike.
     */
    Realistic realistic(Duration settle, Duration warmup, Duration block, int pairs) throws Exception {
        try (AgentProcess agent = startAgent()) {
            long pid = agent.jvmPid();
            System.out.printf(Locale.ROOT, "  realistic: agent pid %d, beyla gRPC 127.0.0.1:%d; settling %d s (not measured)%n", pid,
                    agent.beylaGrpcPort(), settle.toSeconds());
            SampledWindow.sample(pid, settle, null, "settle");
            BeylaRequests requests = new BeylaRequests(series, 14);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", agent.beylaGrpcPort()).usePlaintext().build();
            List<ListenableFuture<byte[]>> sent = new ArrayList<>();
            try {
                // One export per second, as Beyla's delta exporter does: the interval that just ended.
                Runnable tick = () -> {
                    long now = System.currentTimeMillis() * 1_000_000L;
                    sent.add(ClientCalls.futureUnaryCall(channel.newCall(BeylaRequests.EXPORT,
                            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                            requests.interval(now - 1_000_000_000L, now).toByteArray()));
                };
                System.out.printf(Locale.ROOT, "  realistic: %d series x 1/s, warm-up %d s (not measured)%n", series, warmup.toSeconds());
                SampledWindow.sample(pid, warmup, tick, null);
                List<SampledWindow> idle = new ArrayList<>();
                List<SampledWindow> loaded = new ArrayList<>();
                Map<String, Long> loadedTicks = new java.util.TreeMap<>();
                ProcStats.MachineCpu m0 = ProcStats.MachineCpu.now();
                long self0 = ProcStats.selfCpuNanos();
                long n0 = System.nanoTime();
                long c0 = agent.cpu().toNanos();
                for (int p = 1; p <= pairs; p++) {
                    idle.add(SampledWindow.sample(pid, block, null, "idle " + p));
                    var threads0 = ProcStats.ticksByThreadGroup(pid);
                    loaded.add(SampledWindow.sample(pid, block, tick, "loaded " + p));
                    ProcStats.ticksByThreadGroup(pid).forEach((k, v) -> loadedTicks.merge(k, v - threads0.getOrDefault(k, 0L), Long::sum));
                }
                double seconds = (System.nanoTime() - n0) / 1e9;
                double others = ProcStats.MachineCpu.now().busyCoresSince(m0, seconds)
                        - (agent.cpu().toNanos() - c0 + ProcStats.selfCpuNanos() - self0) / 1e9 / seconds;
                long acked = 0;
                long failed = 0;
                for (ListenableFuture<byte[]> f : sent) {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                        acked += series;
                    } catch (ExecutionException | TimeoutException e) {
                        failed++;
                    }
                }
                long sentPoints = (long) sent.size() * series;
                double written = awaitWritten(agent, sentPoints);
                SampledWindow load = SampledWindow.join(loaded);
                String notes = "CPU by thread in the loaded blocks: " + ProcStats.threadShare(Map.of(), loadedTicks, load.seconds(), 6)
                        + "\n  per block, CPU %: " + blocks(idle, loaded) + "\n  " + agentLines(agent.metrics());
                return new Realistic(SampledWindow.join(idle), load, sentPoints, acked, failed, written, Math.max(0, others), notes);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String blocks(List<SampledWindow> idle, List<SampledWindow> loaded) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idle.size(); i++) {
            sb.append(String.format(Locale.ROOT, "idle %.2f, loaded %.2f; ", idle.get(i).cpuPct(), loaded.get(i).cpuPct()));
        }
        return sb.toString();
    }

    /** Rows committed reach what was acknowledged (acks wait for the commit, so this is at once, or it is a loss). */
    private static double awaitWritten(AgentProcess agent, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        double written;
        do {
            written = AgentProcess.sum(agent.metrics(), "coral_store_written_ebpf_rows");
            if (written >= expected) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return written;
    }

    /** {@code path} "beyla" (rows into the ebpf tables) or "spans" (the default traces pipeline), in a fresh agent. */
    Capacity capacity(String path, int clients, Duration warmup, Duration window) throws Exception {
        try (AgentProcess agent = startAgent()) {
            boolean beyla = path.equals("beyla");
            LoadGenerator load = beyla
                    ? new LoadGenerator("127.0.0.1", agent.beylaGrpcPort(), clients, BeylaRequests.EXPORT, series,
                            new BeylaRequests(series, 7).bodies(32, System.currentTimeMillis() * 1_000_000L))
                    : new LoadGenerator("127.0.0.1", agent.grpcPort(), clients, 200, 32, 42);
            try (load) {
                load.start();
                Thread.sleep(warmup);
                LoadGenerator.Totals t0 = load.totals();
                long s0 = agent.cpu().toNanos();
                long c0 = ProcStats.selfCpuNanos();
                ProcStats.MachineCpu m0 = ProcStats.MachineCpu.now();
                long n0 = System.nanoTime();
                Thread.sleep(window);
                LoadGenerator.Totals d = load.totals().minus(t0);
                double seconds = (System.nanoTime() - n0) / 1e9;
                double serverCpu = (agent.cpu().toNanos() - s0) / 1e9;
                double clientCpu = (ProcStats.selfCpuNanos() - c0) / 1e9;
                double others = ProcStats.MachineCpu.now().busyCoresSince(m0, seconds) - (serverCpu + clientCpu) / seconds;
                double load1 = ProcStats.loadAverage();
                load.close();
                String notes = agentLines(agent.metrics());
                return new Capacity(path, d.spans() / seconds, serverCpu / seconds,
                        d.spans() == 0 ? Double.NaN : serverCpu * 100_000.0 / d.spans(), d.failures(), load.lastFailure(),
                        Math.max(0, others), load1, notes);
            }
        }
    }

    /** What the agent says it did: its receivers' accepted/refused counts, the beyla mapping, the store's writes. */
    private static String agentLines(Map<String, Double> m) {
        String beyla = "receiver=\"beyla\"";
        String otlp = "receiver=\"otlp\"";
        return String.format(Locale.ROOT, "agent: beyla receiver accepted %,.0f points, refused %,.0f points / %,.0f requests;"
                        + " otlp receiver accepted %,.0f spans, refused %,.0f spans / %,.0f requests; beyla rows %,.0f, unmapped %,.0f;"
                        + " store wrote %,.0f ebpf rows, %,.0f spans in %,.0f commits",
                AgentProcess.sum(m, "otelcol_receiver_accepted_metric_points", beyla),
                AgentProcess.sum(m, "otelcol_receiver_refused_metric_points", beyla),
                AgentProcess.sum(m, "otelcol_receiver_refused_requests", beyla),
                AgentProcess.sum(m, "otelcol_receiver_accepted_spans", otlp), AgentProcess.sum(m, "otelcol_receiver_refused_spans", otlp),
                AgentProcess.sum(m, "otelcol_receiver_refused_requests", otlp), AgentProcess.sum(m, "coral_beyla_rows"),
                AgentProcess.sum(m, "coral_beyla_unmapped_metric_points"), AgentProcess.sum(m, "coral_store_written_ebpf_rows"),
                AgentProcess.sum(m, "coral_store_written_spans"), AgentProcess.sum(m, "coral_store_commits"));
    }
}
