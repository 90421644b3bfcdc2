package dev.coral.agent.tools.otlpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real built distribution ({@code bin/coral-agent run}) as a child process on loopback
 * ports picked free, with a temporary data directory. Either with a generated config
 * ({@link Wiring#NOP}: {@code otlp -> nop}, nothing else) or the distribution's own
 * {@code conf/pipelines.conf} pointed at free ports through its environment overrides
 * ({@link Wiring#DEFAULT}). Stopped with SIGTERM, as an init system would.
 *
 * <p>{@code bin/coral-agent} {@code exec}s java, so the child's pid is the JVM's; {@link #start}
 * checks that (the pid's executable must be {@code .../java}) and otherwise measures the one
 * java descendant.
 */
final class AgentProcess implements AutoCloseable {
    /** Which pipelines the agent runs. */
    enum Wiring { NOP, DEFAULT }

    private static final Pattern DEFAULT_OPTS = Pattern.compile("^DEFAULT_OPTS=\"([^\"]*)\"", Pattern.MULTILINE);

    private final Path home;
    private final Path work;
    private final Process process;
    private final long jvmPid;
    private final int grpcPort;
    private final int httpPort;
    private final int apiPort;
    /** The beyla receiver's OTLP/gRPC port ({@link Wiring#DEFAULT} only; -1 otherwise). */
    private final int beylaGrpcPort;
    private final Path log;
    /** Stops the agent if this tool is stopped first (Ctrl-C, timeout), so no agent outlives the run. */
    private final Thread reaper;

    private AgentProcess(Path home, Path work, Process process, long jvmPid, int grpcPort, int httpPort, int apiPort,
            int beylaGrpcPort, Path log) {
        this.home = home;
        this.work = work;
        this.process = process;
        this.jvmPid = jvmPid;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.apiPort = apiPort;
        this.beylaGrpcPort = beylaGrpcPort;
        this.log = log;
        this.reaper = new Thread(() -> {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "agent-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The launcher's default JVM options (its {@code DEFAULT_OPTS} line), so baselines can run with the same. */
    static String launcherDefaultOpts(Path home) throws IOException {
        String script = Files.readString(home.resolve("bin/coral-agent"));
        Matcher m = DEFAULT_OPTS.matcher(script);
        if (!m.find()) {
            throw new IllegalStateException("no DEFAULT_OPTS=\"...\" line in " + home.resolve("bin/coral-agent"));
        }
        return m.group(1);
    }

    /**
     * Starts the agent and waits (at most {@code timeout}) until its OTLP/gRPC port and its Agent
     * API accept connections; receivers start last, so the agent is then fully up.
     *
     * @param javaOpts CORAL_JAVA_OPTS for the launcher (null: its defaults)
     */
    static AgentProcess start(Path home, Wiring wiring, String javaOpts, Duration timeout) throws Exception {
        return start(home, wiring, null, javaOpts, timeout);
    }

    /**
     * @param config for {@link Wiring#DEFAULT}: the pipelines.conf to run instead of the
     *     distribution's own (it must take the CORAL_* overrides of endpoints and data dir as
     *     the default one does); null: {@code conf/pipelines.conf}
     */
    static AgentProcess start(Path home, Wiring wiring, Path config, String javaOpts, Duration timeout) throws Exception {
        Path launcher = home.resolve("bin/coral-agent");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " not found: build the distribution first (./mvnw -q -DskipTests install)");
        }
        Path work = Files.createTempDirectory("otlp-load-agent-");
        int grpc = freePort();
        int http = freePort();
        int api = freePort();
        int beylaGrpc = wiring == Wiring.DEFAULT ? freePort() : -1;
        Path data = work.resolve("data");
        Path log = work.resolve("agent.log");
        ProcessBuilder pb = new ProcessBuilder();
        Map<String, String> env = pb.environment();
        env.put("CORAL_LOG_LEVEL", "WARN");
        // Not the machine's operator directory: its extra plugins would change what is measured.
        env.put("CORAL_CONFIG_DIR", work.resolve("operator").toString());
        if (javaOpts != null) {
            env.put("CORAL_JAVA_OPTS", javaOpts);
        }
        switch (wiring) {
            case NOP -> {
                Path conf = work.resolve("pipelines.conf");
                Files.writeString(conf, """
                        # otlp-load: otlp -> (no processor) -> nop, loopback only
                        agent {
                          data-dir = "%s"
                          plugins-dir = "%s"
                          api.listen = ["127.0.0.1:%d"]
                        }
                        receivers { otlp { grpc.endpoint = "127.0.0.1:%d", http.endpoint = "127.0.0.1:%d" } }
                        exporters { nop {} }
                        pipelines { traces { receivers = [otlp], exporters = [nop] } }
                        """.formatted(data, home.resolve("plugins"), api, grpc, http));
                pb.command(launcher.toString(), "run", "--config", conf.toString());
            }
            case DEFAULT -> {
                env.put("CORAL_DATA_DIR", data.toString());
                env.put("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + grpc);
                env.put("CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + http);
                env.put("CORAL_API_LISTEN", "127.0.0.1:" + api);
                env.put("CORAL_BEYLA_GRPC_ENDPOINT", "127.0.0.1:" + beylaGrpc);
                env.put("CORAL_BEYLA_HTTP_ENDPOINT", "127.0.0.1:" + freePort());
                Path conf = config != null ? config.toAbsolutePath() : home.resolve("conf/pipelines.conf");
                pb.command(launcher.toString(), "run", "--config", conf.toString());
            }
        }
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).directory(work.toFile());
        Process p = pb.start();
        AgentProcess agent = null;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            // The Agent API too: its /metrics is read as soon as the agent is up, and it may open after the receivers.
            while (!accepts(grpc) || !accepts(api)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("agent exited with " + p.exitValue() + " before listening:\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent not listening on " + grpc + " and " + api + " after " + timeout + ":\n"
                            + tail(log));
                }
                Thread.sleep(50);
            }
            agent = new AgentProcess(home, work, p, jvmPid(p), grpc, http, api, beylaGrpc, log);
            return agent;
        } finally {
            if (agent == null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                deleteTree(work);
            }
        }
    }

    /** The pid whose CPU and memory are the agent's: the launcher's own pid after its exec of java. */
    private static long jvmPid(Process p) {
        if (ProcStats.exe(p.pid()).endsWith("/java")) {
            return p.pid();
        }
        List<ProcessHandle> javas = p.descendants().filter(h -> ProcStats.exe(h.pid()).endsWith("/java")).toList();
        if (javas.size() != 1) {
            throw new IllegalStateException("launcher pid " + p.pid() + " (" + ProcStats.exe(p.pid())
                    + ") is not java and has " + javas.size() + " java descendants");
        }
        return javas.getFirst().pid();
    }

    long jvmPid() {
        return jvmPid;
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    int beylaGrpcPort() {
        return beylaGrpcPort;
    }

    int apiPort() {
        return apiPort;
    }

    Path dataDir() {
        return work.resolve("data");
    }

    Duration cpu() {
        return ProcStats.cpu(jvmPid);
    }

    long rssKiB() {
        return ProcStats.rssKiB(jvmPid);
    }

    /** The agent's own counters ({@code GET /metrics} on the Agent API), name{labels} → value. */
    Map<String, Double> metrics() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, Double> out = new HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.lastIndexOf(' ');
                try {
                    out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
            return out;
        }
    }

    /**
     * Sum of the samples of {@code name} (or {@code name_total}, as counters are exposed) whose
     * labels contain every one of {@code labelParts}.
     */
    static double sum(Map<String, Double> metrics, String name, String... labelParts) {
        double s = 0;
        for (var e : metrics.entrySet()) {
            String k = e.getKey();
            int brace = k.indexOf('{');
            String base = brace < 0 ? k : k.substring(0, brace);
            if (!(base.equals(name) || base.equals(name + "_total"))) {
                continue;
            }
            boolean all = true;
            for (String part : labelParts) {
                all &= k.contains(part);
            }
            if (all) {
                s += e.getValue();
            }
        }
        return s;
    }

    /** Bytes under the data directory (the DuckDB file and its WAL). */
    long dataBytes() {
        try (Stream<Path> s = Files.walk(dataDir())) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The last lines of the agent's output. */
    String logTail() {
        return tail(log);
    }

    /** SIGTERM, then waits for the exit; returns its code and how long the stop took. */
    Stop stop(Duration grace) throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy(); // SIGTERM on Linux
        boolean exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Stop(exited ? process.exitValue() : -9, Duration.ofNanos(System.nanoTime() - t0));
    }

    record Stop(int exitCode, Duration took) {}

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the agent stopped
        }
        deleteTree(work);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "coral-agent " + home + " pid " + jvmPid;
    }
}
