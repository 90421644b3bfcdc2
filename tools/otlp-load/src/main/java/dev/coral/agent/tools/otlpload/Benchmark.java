package dev.coral.agent.tools.otlpload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
 * child process (so its CPU time, read from the OS, is its own), the clients in this JVM. For
 * each it reports spans/s and server CPU-seconds per 100k spans, over a window after a warm-up.
 *
 * <p>Servers: {@code bare} and {@code bare-bytes} (grpc-java that only parses: the ceiling;
 * see {@link BareServer}), {@code otlp} (the otlp
 * receiver plugin with a no-op consumer, no runtime) and {@code agent} (the built distribution,
 * {@code bin/coral-agent run}, wired {@code otlp -> nop}). The child JVMs get the launcher's
 * JVM options, so the three differ only in the code that serves.
 */
final class Benchmark {
    /** One server's figures over the measured window, with how busy the rest of the machine was. */
    record Measurement(String mode, String server, double spansPerSecond, double serverCpuPer100k, double serverCores,
                       double clientCpuPer100k, long failures, String lastFailure, double otherCores, double load1) {}

    private final int clients;
    private final int spans;
    private final Duration warmup;
    private final Duration window;
    private final String bareExecutor;
    private final String jvmOpts;
    private final Path agentHome;

    Benchmark(int clients, int spans, Duration warmup, Duration window, String bareExecutor, String jvmOpts, Path agentHome) {
        this.clients = clients;
        this.spans = spans;
        this.warmup = warmup;
        this.window = window;
        this.bareExecutor = bareExecutor;
        this.jvmOpts = jvmOpts;
        this.agentHome = agentHome;
    }

    Measurement measure(String mode) throws Exception {
        try (Server server = start(mode)) {
            try (LoadGenerator load = new LoadGenerator("127.0.0.1", server.port(), clients, spans, 32, 42)) {
                load.start();
                Thread.sleep(warmup);
                LoadGenerator.Totals t0 = load.totals();
                Duration s0 = ProcStats.cpu(server.pid());
                long c0 = ProcStats.selfCpuNanos();
                ProcStats.MachineCpu m0 = ProcStats.MachineCpu.now();
                long n0 = System.nanoTime();
                Thread.sleep(window);
                LoadGenerator.Totals t1 = load.totals();
                Duration s1 = ProcStats.cpu(server.pid());
                long c1 = ProcStats.selfCpuNanos();
                ProcStats.MachineCpu m1 = ProcStats.MachineCpu.now();
                long n1 = System.nanoTime();
                double load1 = ProcStats.loadAverage();
                LoadGenerator.Totals d = t1.minus(t0);
                double seconds = (n1 - n0) / 1e9;
                double serverCpu = (s1.toNanos() - s0.toNanos()) / 1e9;
                double clientCpu = (c1 - c0) / 1e9;
                double per100k = d.spans() == 0 ? Double.NaN : 100_000.0 / d.spans();
                double others = m1.busyCoresSince(m0, seconds) - (serverCpu + clientCpu) / seconds;
                return new Measurement(mode, server.label(), d.spans() / seconds, serverCpu * per100k, serverCpu / seconds,
                        clientCpu * per100k, d.failures(), load.lastFailure(), Math.max(0, others), load1);
            }
        }
    }

    /**
     * Runs the load against {@code mode} for the warm-up time and discards the figures, so the
     * first measurement of a run does not carry the clients' own JIT warm-up.
     */
    void warmClients(String mode) throws Exception {
        try (Server server = start(mode);
             LoadGenerator load = new LoadGenerator("127.0.0.1", server.port(), clients, spans, 32, 42)) {
            load.start();
            Thread.sleep(warmup);
        }
    }

    int meanRequestBytes() {
        return new SpanFactory(42).request(spans).getSerializedSize();
    }

    /** A server under measurement: its OTLP/gRPC port and the pid whose CPU is counted. */
    interface Server extends AutoCloseable {
        int port();

        long pid();

        String label();

        @Override
        void close() throws Exception;
    }

    private Server start(String mode) throws Exception {
        return switch (mode) {
            case "bare", "bare-bytes", "otlp" -> ChildServer.start(mode, bareExecutor, jvmOpts);
            case "agent" -> {
                AgentProcess agent = AgentProcess.start(agentHome, AgentProcess.Wiring.NOP, jvmOpts, Duration.ofSeconds(90));
                yield new Server() {
                    @Override
                    public int port() {
                        return agent.grpcPort();
                    }

                    @Override
                    public long pid() {
                        return agent.jvmPid();
                    }

                    @Override
                    public String label() {
                        return "agent: otlp -> nop";
                    }

                    @Override
                    public void close() throws Exception {
                        AgentProcess.Stop stop = agent.stop(Duration.ofSeconds(30));
                        if (stop.exitCode() != 0) {
                            System.err.println("agent exited with " + stop.exitCode() + " after SIGTERM:\n" + agent.logTail());
                        }
                        agent.close();
                    }
                };
            }
            default -> throw new IllegalArgumentException("server: bare, bare-bytes, otlp or agent, not " + mode);
        };
    }

    /** {@code otlp-load server bare|otlp} in a child JVM with the given options; stops when its stdin closes. */
    static final class ChildServer implements Server {
        private final Process process;
        private final int port;
        private final String label;

        private ChildServer(Process process, int port, String label) {
            this.process = process;
            this.port = port;
            this.label = label;
        }

        static ChildServer start(String mode, String executor, String jvmOpts) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java,
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
            cmd.addAll(List.of(jvmOpts.strip().split("\\s+")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "server", mode, "--executor", executor));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            try {
                int port = readPort(p);
                String label = switch (mode) {
                    case "bare" -> "bare grpc-java, stub parse (" + executor + " executor)";
                    case "bare-bytes" -> "bare grpc-java, byte[] parse (" + executor + " executor)";
                    default -> "otlp receiver -> nop consumer (no runtime)";
                };
                return new ChildServer(p, port, label);
            } catch (Exception e) {
                p.destroyForcibly();
                throw e;
            }
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public String label() {
            return label;
        }

        /** Its resident set, KiB. */
        long rssKiB() {
            return ProcStats.rssKiB(process.pid());
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
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
    }

    static String format(Measurement m) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %.2f | %.3f | %d | %.2f | %.1f |",
                m.server(), m.spansPerSecond(), m.serverCpuPer100k(), m.serverCores(), m.clientCpuPer100k(), m.failures(),
                m.otherCores(), m.load1());
    }

    static final String HEADER = "| server | spans/s | server CPU-s per 100k spans | server cores busy | client CPU-s per 100k spans"
            + " | failed requests | other processes, cores | load avg 1 min |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|";
}
