package dev.coral.agent.tools.otlpload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures servers one after another in the same run, under the same load: each server in a
 * child JVM (so its CPU time, read from the OS, is its own), the clients in this JVM. For each
 * it reports spans/s and server CPU-seconds per 100k spans, over a window after a warm-up.
 */
final class Benchmark {
    /** One server's figures over the measured window. */
    record Measurement(String server, double spansPerSecond, double serverCpuPer100k, double serverCores,
                       double clientCpuPer100k, long failures, String lastFailure) {}

    private final int clients;
    private final int spans;
    private final Duration warmup;
    private final Duration window;
    private final String bareExecutor;
    private final String heap;

    Benchmark(int clients, int spans, Duration warmup, Duration window, String bareExecutor, String heap) {
        this.clients = clients;
        this.spans = spans;
        this.warmup = warmup;
        this.window = window;
        this.bareExecutor = bareExecutor;
        this.heap = heap;
    }

    Measurement measure(String mode) throws Exception {
        Process server = spawn(mode);
        try {
            int port = readPort(server);
            try (LoadGenerator load = new LoadGenerator("127.0.0.1", port, clients, spans, 32, 42)) {
                load.start();
                Thread.sleep(warmup);
                LoadGenerator.Totals t0 = load.totals();
                Duration s0 = cpu(server);
                long c0 = clientCpuNanos();
                long n0 = System.nanoTime();
                Thread.sleep(window);
                LoadGenerator.Totals t1 = load.totals();
                Duration s1 = cpu(server);
                long c1 = clientCpuNanos();
                long n1 = System.nanoTime();
                LoadGenerator.Totals d = t1.minus(t0);
                double seconds = (n1 - n0) / 1e9;
                double serverCpu = (s1.toNanos() - s0.toNanos()) / 1e9;
                double clientCpu = (c1 - c0) / 1e9;
                double per100k = d.spans() == 0 ? Double.NaN : 100_000.0 / d.spans();
                String label = mode.equals("bare") ? "bare grpc-java (" + bareExecutor + " executor)" : "otlp receiver -> nop";
                return new Measurement(label, d.spans() / seconds, serverCpu * per100k, serverCpu / seconds,
                        clientCpu * per100k, d.failures(), load.lastFailure());
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    int meanRequestBytes() {
        return new SpanFactory(42).request(spans).getSerializedSize();
    }

    private Process spawn(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java,
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xms" + heap, "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "server", mode, "--executor", bareExecutor));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static int readPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).strip());
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("server exited before printing its port");
        }).get(60, TimeUnit.SECONDS);
    }

    /** The child's user + system CPU time, from /proc via ProcessHandle. */
    private static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + p.pid()));
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String format(Measurement m) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %.2f | %.3f | %d |",
                m.server(), m.spansPerSecond(), m.serverCpuPer100k(), m.serverCores(), m.clientCpuPer100k(), m.failures());
    }

    static final String HEADER = "| server | spans/s | server CPU-s per 100k spans | server cores busy | client CPU-s per 100k spans | failed requests |\n"
            + "|---|---:|---:|---:|---:|---:|";
}
