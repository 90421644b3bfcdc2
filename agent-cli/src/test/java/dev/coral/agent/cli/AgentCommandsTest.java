package dev.coral.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.ebpf.GrpcRed;
import dev.coral.agent.api.ebpf.HttpRed;
import dev.coral.agent.api.ebpf.LatencyHistogram;
import dev.coral.agent.api.ebpf.SqlRed;
import dev.coral.agent.server.testing.ApiAgent;
import dev.coral.agent.runtime.testing.QueryStoreFactory.QueryStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code coral-agent status | query spans | query system-metrics | query ebpf | cpu-profile} against a running agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentCommandsTest {
    record Run(int exit, String out, String err) {}

    ApiAgent agent;
    String address;
    QueryStore store;
    String agentId;
    long ebpfUntil;
    @TempDir
    Path tmp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = ApiAgent.start(dir);
        address = "127.0.0.1:" + agent.port;
        store = agent.store;
        agentId = agent.runtime.services().orElseThrow().agent().agentId();
        agent.send("checkout", 3);
        agent.send("payments", 2);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 40; i++) {
            store.addMetric(now - (40 - i) * 15_000L, "system.cpu.utilization", i / 40.0, "1", "{\"cpu\":\"0\"}");
            store.addMetric(now - (40 - i) * 15_000L, "system.cpu.utilization", 0.5, "1", "{\"cpu\":\"1\"}");
            store.addMetric(now - (40 - i) * 15_000L, "system.memory.usage", 1e9 + i, "By", "{\"state\":\"used\"}");
        }
        store.addProfileSample(now - 60_000, "checkout", 42, "b1", List.of("leaf", "middle", "main"), 5);
        store.addProfileSample(now - 30_000, "checkout", 42, "b1", List.of("other", "main"), 2);
        ebpfUntil = now;
        store.addEbpf(ebpfRows(now));
    }

    /** shop: /items/{id} 250 requests, 100 of them 503; a gRPC method with one slow failure; a SQL query. */
    private static EbpfBatch ebpfRows(long now) {
        double[] bounds = {10, 20, 40};
        List<HttpRed> http = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            http.add(new HttpRed(now - 60_000 + i, "shop", "GET", "/items/{id}", i < 3 ? 200 : 503,
                    new LatencyHistogram(bounds, new long[] {10, 20, 20, 0}), 50, Map.of()));
        }
        http.add(new HttpRed(now - 60_000, "cart", "GET", "/cart", 200,
                new LatencyHistogram(bounds, new long[] {1, 0, 0, 0}), 1, Map.of()));
        List<GrpcRed> grpc = List.of(
                new GrpcRed(now - 50_000, "shop", "/shop.Cart/Get", 0, new LatencyHistogram(bounds, new long[] {0, 4, 0, 0}), 4, Map.of()),
                new GrpcRed(now - 50_000, "shop", "/shop.Cart/Get", 14, new LatencyHistogram(bounds, new long[] {0, 0, 0, 1}), 1, Map.of()));
        List<SqlRed> sql = List.of(new SqlRed(now - 20_000, "shop", "SELECT", "orders",
                new LatencyHistogram(bounds, new long[] {3, 0, 0, 0}), 3, Map.of()));
        return new EbpfBatch(http, grpc, sql, List.of());
    }

    @Test
    void queryEbpfPrintsRedFiguresPerRouteMethodAndOperation() {
        String since = Long.toString(ebpfUntil - 100_000);
        String until = Long.toString(ebpfUntil);
        Run r = run("query", "ebpf", "--agent", address, "--service", "shop", "--since", since, "--until", until);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).matches("TYPE\\s+SERVICE\\s+OPERATION\\s+REQUESTS\\s+RATE\\s+ERRORS\\s+P50\\s+P95\\s+P99");
        // 250 requests over 100 s; 40 % 503; p50 10 + 10 * 15/20, p95 20 + 20 * 17.5/20, p99 20 + 20 * 19.5/20.
        assertThat(lines.get(1)).matches("http\\s+shop\\s+GET /items/\\{id\\}\\s+250\\s+2\\.50/s\\s+40\\.0%\\s+17\\.50ms\\s+37\\.50ms\\s+39\\.50ms");
        // One of five calls failed, and it was slower than the last finite bound.
        assertThat(lines.get(2)).matches("grpc\\s+shop\\s+/shop\\.Cart/Get\\s+5\\s+0\\.0500/s\\s+20\\.0%\\s+16\\.25ms\\s+>40ms\\s+>40ms");
        assertThat(lines.get(3)).matches("sql\\s+shop\\s+SELECT orders\\s+3\\s+0\\.0300/s\\s+-\\s+5ms\\s+9\\.50ms\\s+9\\.90ms");
        assertThat(lines.getLast()).isEqualTo("3 series from 8 rows over 1m40s");

        Run grpc = run("query", "ebpf", "--agent", address, "--since", since, "--until", until, "--type", "grpc");
        assertThat(grpc.out().lines().skip(1).filter(l -> !l.contains("series from"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("grpc"));

        Run json = run("query", "ebpf", "--agent", address, "--since", since, "--until", until, "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"series\"").contains("\"ratePerSecond\": 2.5").contains("\"above\": true")
                .contains("\"httpRoute\": \"/cart\"");

        Run none = run("query", "ebpf", "--agent", address, "--service", "nobody");
        assertThat(none.out()).startsWith("no eBPF data of nobody in the range");
        Run bad = run("query", "ebpf", "--agent", address, "--type", "dns");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--type must be http, grpc or sql");
    }

    @AfterAll
    void stop() throws Exception {
        agent.close();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusPrintsIdentityComponentsStorageAndCounters() {
        Run r = run("status", "--agent", address);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("agent      " + agentId).contains("api        " + address)
                .containsPattern("pipeline\\s+traces\\s+test-source -> query-memory")
                .containsPattern("store\\s+query-memory\\s+OK")
                .containsPattern("otel_spans_local\\s+\\d+")
                .containsPattern("otelcol_receiver_accepted_spans\\s+\\d+");
        Run json = run("status", "--agent", address, "--json");
        assertThat(json.out()).startsWith("{").contains("\"agent_id\" : \"" + agentId + "\"");
    }

    @Test
    void querySpansPrintsATableNewestFirst() {
        Run r = run("query", "spans", "--agent", address, "--since", "1h");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("TIME").contains("SERVICE").contains("NAME").contains("DURATION")
                .contains("TRACE");
        assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("checkout\\s+op-\\d+\\s+SERVER"));
        assertThat(lines).filteredOn(l -> l.contains("checkout")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("SERVER").contains("12.5ms").contains("GET /items/{id} 200"));
        assertThat(lines.getLast()).matches("\\d+ spans");

        Run payments = run("query", "spans", "--agent", address, "--service", "payments", "--limit", "1");
        assertThat(payments.out().lines().filter(l -> l.contains("payments")).count()).isEqualTo(1);
        assertThat(payments.out()).contains("1 spans (more match: raise --limit, or --page-token ");

        Run json = run("query", "spans", "--agent", address, "--json", "--limit", "2");
        assertThat(json.out()).contains("\"spans\"").contains("\"traceId\"");
    }

    @Test
    void answersCutByTheAgentsPageSizeSayHowToContinue() {
        store.pageBytes(1); // one row a page
        try {
            Run first = run("query", "spans", "--agent", address, "--service", "checkout");
            assertThat(first.exit()).as(first.err()).isZero();
            String last = first.out().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(last).startsWith("1 spans (more match; the answer reached the agent's page size: --page-token ");
            String token = last.replaceAll(".*--page-token (\\S+) .*", "$1");
            Run next = run("query", "spans", "--agent", address, "--service", "checkout", "--page-token", token);
            assertThat(next.exit()).as(next.err()).isZero();
            String firstSpan = first.out().lines().skip(1).findFirst().orElseThrow();
            String nextSpan = next.out().lines().skip(1).findFirst().orElseThrow();
            assertThat(nextSpan).contains("checkout").isNotEqualTo(firstSpan);

            // A trace is drawn whole, however many pages the agent's page size splits it into.
            String trace = "0a000000000000000000000000000001"; // op-1 and op-5: ApiAgent's trace of span ids 1 mod 4
            Run paged = run("query", "spans", "--agent", address, "--trace", trace);
            assertThat(paged.exit()).as(paged.err()).isZero();
            store.pageBytes(4L << 20);
            Run whole = run("query", "spans", "--agent", address, "--trace", trace);
            assertThat(paged.out().lines().filter(l -> l.contains("█")).count()).isGreaterThan(1);
            assertThat(paged.out()).isEqualTo(whole.out());

            // A chart follows the pages itself: it needs the whole range.
            Run chart = run("query", "system-metrics", "--agent", address, "--name", "system.cpu.utilization",
                    "--since", "1h", "--chart", "--width", "20");
            assertThat(chart.exit()).as(chart.err()).isZero();
            assertThat(chart.out().lines().findFirst().orElseThrow()).contains("80 values");
        } finally {
            store.pageBytes(4L << 20);
        }
    }

    @Test
    void querySpansOfOneTrace() {
        Run all = run("query", "spans", "--agent", address, "--json");
        String trace = all.out().replaceAll("(?s).*?\"traceId\": \"([0-9a-f]{32})\".*", "$1");
        Run r = run("query", "spans", "--agent", address, "--trace", trace);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("trace " + trace + "  ");
        assertThat(lines.get(1)).startsWith("SPAN").contains("SERVICE").contains("DURATION").contains("STATUS");
        assertThat(lines.subList(2, lines.size())).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("op-").contains("12.5ms").contains("█"));

        Run json = run("query", "spans", "--agent", address, "--trace", trace, "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out().lines().filter(l -> l.contains("\"traceId\"")))
                .hasSize(lines.size() - 2).allSatisfy(l -> assertThat(l).contains(trace));
    }

    @Test
    void systemMetricsTableAndChart() {
        Run table = run("query", "system-metrics", "--agent", address, "--name", "system.memory.usage", "--since", "1h");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("TIME").contains("METRIC").contains("VALUE");
        assertThat(table.out()).contains("system.memory.usage").doesNotContain("system.cpu.utilization")
                .contains("40 values");

        Run chart = run("query", "system-metrics", "--agent", address, "--name", "system.cpu.utilization", "--since",
                "1h", "--chart", "--width", "20");
        assertThat(chart.exit()).as(chart.err()).isZero();
        List<String> lines = chart.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("system.cpu.utilization [1]").contains("80 values");
        String cpu0 = lines.stream().filter(l -> l.startsWith("cpu=0")).findFirst().orElseThrow();
        String spark = cpu0.replaceAll("^cpu=0\\s+(\\S+)\\s.*$", "$1");
        // A rising series: 20 columns, from the lowest block to the highest; a flat one mid-height.
        assertThat(spark).hasSize(20).startsWith("▁").endsWith("█");
        assertThat(cpu0).contains("0.9750");
        String cpu1 = lines.stream().filter(l -> l.startsWith("cpu=1")).findFirst().orElseThrow();
        assertThat(cpu1.replaceAll("^cpu=1\\s+(\\S+)\\s.*$", "$1")).isEqualTo("▅".repeat(20));
    }

    @Test
    void chartNeedsExactlyOneMetric() {
        Run r = run("query", "system-metrics", "--agent", address, "--chart");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("coral-agent: --chart draws one metric").doesNotContain("\n");
    }

    @Test
    void cpuProfileFoldedAndPprof() throws Exception {
        Path folded = tmp.resolve("cpu.folded");
        Run r = run("cpu-profile", "--agent", address, "-o", folded.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(folded)).containsExactly("checkout;main;middle;leaf 5", "checkout;main;other 2");

        Path pprof = tmp.resolve("cpu.pb.gz");
        assertThat(run("cpu-profile", "--agent", address, "--format", "pprof", "-o", pprof.toString()).exit()).isZero();
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(pprof))).readAllBytes();
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).contains("middle").contains("samples");

        Path svg = tmp.resolve("cpu.svg");
        assertThat(run("cpu-profile", "--agent", address, "--format", "svg", "-o", svg.toString()).exit()).isZero();
        assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg").contains("middle");
    }

    @Test
    void cpuProfileDiffComparesTheOlderWindowWithTheNewer() throws Exception {
        // Samples at now-60s (main;middle;leaf 5) and now-30s (main;other 2): the windows split them.
        Path folded = tmp.resolve("diff.folded");
        Run f = run("cpu-profile", "--agent", address, "--since", "45s", "--diff-since", "90s", "--diff-until", "45s",
                "-o", folded.toString());
        assertThat(f.exit()).as(f.err()).isZero();
        assertThat(Files.readAllLines(folded)).as("difffolded.pl's lines: stack, older count, newer count")
                .containsExactly("checkout;main;middle;leaf 5 0", "checkout;main;other 0 2");
        Path swapped = tmp.resolve("swapped.folded");
        assertThat(run("cpu-profile", "--agent", address, "--since", "90s", "--until", "45s", "--diff-since", "45s",
                "-o", swapped.toString()).exit()).isZero();
        assertThat(Files.readAllLines(swapped)).as("the older window is the baseline, whichever option names it")
                .isEqualTo(Files.readAllLines(folded));

        Path svg = tmp.resolve("diff.svg");
        Run r = run("cpu-profile", "--agent", address, "--since", "45s", "--diff-since", "90s", "--diff-until", "45s",
                "--format", "svg", "-o", svg.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(svg)).contains("after 2 samples, before 5")
                .contains("<title>other (after 2 samples, 100.00%; before 0 samples, 0.00%; +100.00 percentage points)")
                .doesNotContain("leaf (").contains("function zoom(");

        Run empty = run("cpu-profile", "--agent", address, "--since", "45s", "--diff-since", "2h", "--diff-until", "90m",
                "-o", tmp.resolve("empty.folded").toString());
        assertThat(empty.exit()).isZero();
        assertThat(empty.err()).contains("no CPU samples in the --diff-since/--diff-until window");

        Run help = run("help", "cpu-profile");
        assertThat(help.out()).contains("--diff-since=TIME").contains("--diff-until=TIME");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("red where its share of the samples grew");
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        for (String[] args : List.of(new String[] {"status", "--agent", "127.0.0.1:" + closed},
                new String[] {"query", "spans", "--agent", "127.0.0.1:" + closed},
                new String[] {"query", "spans", "--agent", "nonsense"},
                new String[] {"query", "spans", "--agent", address, "--since", "yesterday"},
                new String[] {"query", "spans", "--agent", address, "--limit", "-3"},
                new String[] {"query", "spans", "--agent", address, "--trace", "xyz"},
                new String[] {"query", "spans", "--limit", "many"},
                new String[] {"query", "spans", "--bogus"},
                new String[] {"query", "spans", "--agent", address, "--events"},
                new String[] {"query", "spans", "--agent", address, "--trace", "0a000000000000000000000000000001",
                        "--width", "0"},
                new String[] {"cpu-profile", "--agent", address, "--format", "png"},
                new String[] {"cpu-profile", "--agent", address, "--diff-until", "5m"},
                new String[] {"cpu-profile", "--agent", address, "--diff-since", "5m", "--format", "pprof"},
                new String[] {"cpu-profile", "--agent", address, "--diff-since", "5m", "--diff-until", "10m"})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("coral-agent: ").doesNotContain("\n")
                    .doesNotContain("Exception");
            assertThat(r.out()).isEmpty();
        }
        assertThat(run("status", "--agent", "127.0.0.1:" + closed).err()).contains("cannot reach the agent at");
        assertThat(run("query", "spans", "--agent", address, "--width", "80").err())
                .contains("--width is for the tree of one trace: add --trace ID");
    }
}
