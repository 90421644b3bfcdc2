package dev.coral.agent.tools.otlpload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code otlp-load} commands:
 * <pre>
 * bench  [--clients 8] [--spans 200] [--warmup 10] [--duration 20] [--rounds 3]
 *        [--servers bare,otlp] [--bare-executor direct|default|virtual] [--heap 1g]
 *     measures each server in a child JVM under the same load, in this one run
 * load   --target host:port [--clients 8] [--spans 200] [--duration 20]
 *     load against a running agent (or collector); prints spans/s
 * server bare|otlp [--executor default|direct|virtual]
 *     one server, as bench starts it
 * </pre>
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
            case "load" -> load(new Args(argv, 1));
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
    }

    private static void usage() {
        System.err.println("""
                usage: otlp-load bench [--clients 8] [--spans 200] [--warmup 10] [--duration 20] [--rounds 3]
                                       [--servers bare,otlp] [--bare-executor direct] [--heap 1g]
                       otlp-load load --target host:port [--clients 8] [--spans 200] [--duration 20]
                       otlp-load server bare|otlp [--executor default|direct|virtual]""");
        System.exit(2);
    }

    private static void bench(Args a) throws Exception {
        int clients = a.integer("clients", 8);
        int spans = a.integer("spans", 200);
        Duration warmup = a.seconds("warmup", 10);
        Duration window = a.seconds("duration", 20);
        int rounds = a.integer("rounds", 3);
        List<String> servers = List.of(a.string("servers", "bare,otlp").split(","));
        String executor = a.string("bare-executor", "direct");
        String heap = a.string("heap", "1g");
        a.checkAllUsed();
        Benchmark bench = new Benchmark(clients, spans, warmup, window, executor, heap);
        System.out.printf(Locale.ROOT, "%d clients, %d spans per request (~%,d bytes), %d s warm-up, %d s measured, %d rounds, %d cores%n",
                clients, spans, bench.meanRequestBytes(), warmup.toSeconds(), window.toSeconds(), rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.println(Benchmark.HEADER);
        List<Benchmark.Measurement> all = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String s : servers) {
                Benchmark.Measurement m = bench.measure(s.strip());
                all.add(m);
                System.out.println(Benchmark.format(m) + (m.failures() > 0 ? " last failure: " + m.lastFailure() : ""));
            }
        }
        if (servers.contains("bare") && servers.contains("otlp")) {
            double bare = best(all, "bare");
            double otlp = best(all, "otlp");
            System.out.printf(Locale.ROOT, "%nbest spans/s: bare %,.0f, otlp %,.0f -> otlp reaches %.1f %% of the bare parse ceiling%n",
                    bare, otlp, 100.0 * otlp / bare);
            System.out.printf(Locale.ROOT, "median spans/s: bare %,.0f, otlp %,.0f -> %.1f %%%n",
                    median(all, "bare"), median(all, "otlp"), 100.0 * median(all, "otlp") / median(all, "bare"));
        }
    }

    private static double best(List<Benchmark.Measurement> all, String prefix) {
        return all.stream().filter(m -> m.server().startsWith(prefix))
                .mapToDouble(Benchmark.Measurement::spansPerSecond).max().orElse(Double.NaN);
    }

    private static double median(List<Benchmark.Measurement> all, String prefix) {
        double[] v = all.stream().filter(m -> m.server().startsWith(prefix))
                .mapToDouble(Benchmark.Measurement::spansPerSecond).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void load(Args a) throws Exception {
        String target = a.string("target", "");
        int clients = a.integer("clients", 8);
        int spans = a.integer("spans", 200);
        Duration duration = a.seconds("duration", 20);
        a.checkAllUsed();
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target host:port");
        }
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
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
}
