package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's DuckDB file as others meet it: the {@code /duckdb/metrics.duckdb} snapshot opened by
 * a DuckDB that is not the agent's (npm {@code @duckdb/node-api}, installed by this test into
 * {@code target/}), and the data file deleted under the running agent (as a rebuild wiping the
 * data dir does): {@code /status} and {@code coral-agent status} turn DEGRADED and say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataFileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The newest npm DuckDB when written (DuckDB 1.5.6: reads storage versions 64 to 68, not the agent's 69). */
    private static final String NODE_DUCKDB = "@duckdb/node-api@1.5.6-r.1";
    private static final int SPANS = 30;
    /** Prints one JSON line: the DuckDB version, each table's row count and the spans; or the error. */
    private static final String READ_SCRIPT = """
            import { DuckDBInstance } from '@duckdb/node-api';

            const file = process.argv[2];
            const instance = await DuckDBInstance.create(':memory:');
            const conn = await instance.connect();
            const rows = async (sql) => (await conn.runAndReadAll(sql)).getRows();
            try {
              await conn.run(`ATTACH '${file.replaceAll("'", "''")}' AS f (READ_ONLY)`);
            } catch (e) {
              console.log(JSON.stringify({ error: String(e.message) }));
              process.exit(0);
            }
            const version = (await rows('SELECT version()'))[0][0];
            const counts = {};
            for (const [table] of await rows("SELECT table_name FROM duckdb_tables() WHERE database_name = 'f' ORDER BY 1")) {
              counts[table] = Number((await rows(`SELECT count(*) FROM f."${table}"`))[0][0]);
            }
            const spans = (await rows('SELECT service_name, span_name, span_id FROM f.otel_spans_local ORDER BY seq_id'))
              .map(([service, name, spanId]) => ({ service, name, spanId }));
            console.log(JSON.stringify({ version, counts, spans }));
            """;

    Path dir;
    Path dataDir;
    Distribution dist;
    RunningAgent agent;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startAgentAndSendSpans(@TempDir Path tmp) {
        dir = tmp;
        dist = Distribution.copyInto(dir);
        dataDir = dist.dataDir();
        dist.writeConfig(TestConfigs.OTLP_AND_HOST_METRICS_TO_DUCKDB);
        agent = new RunningAgent(dist).start();
        List<SpanData> spans = OtlpClient.errorSpans("checkout", "GET /cart", SPANS);
        assertThat(OtlpClient.exportGrpc(agent.otlpGrpc, spans)).as(dist.stderr()).isTrue();
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(1)
    void theSnapshotOpensInTheNpmDuckDbWithEveryTable() throws Exception {
        Path node = nodeDuckDb();
        HttpResponse<byte[]> snapshot = http.send(HttpRequest.newBuilder(uri("/duckdb/metrics.duckdb"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        Path file = Files.write(dir.resolve("snapshot.duckdb"), snapshot.body());

        JsonNode read = readWithNode(node, file);

        assertThat(read.path("error").asText()).isEmpty();
        assertThat(read.path("version").asText()).startsWith("v1.");
        Map<String, Long> counts = new LinkedHashMap<>();
        read.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        assertThat(counts).isEqualTo(countsWithTheAgentsDuckDb(file))
                .containsEntry("otel_spans_local", (long) SPANS);
        assertThat(counts.get("system_metrics_local")).isPositive();
        List<String> names = new ArrayList<>();
        read.path("spans").forEach(s -> names.add(s.path("service").asText() + " " + s.path("name").asText()));
        assertThat(names).hasSize(SPANS).contains("checkout GET /cart-0", "checkout GET /cart-" + (SPANS - 1));
    }

    @Test
    @Order(2)
    void theDataFileDeletedUnderTheAgentTurnsStatusDegradedWithWhatToDo() throws Exception {
        Path file = dataDir.resolve("metrics.duckdb");
        assertThat(file).exists();
        assertThat(status().path("health").asText()).isEqualTo("OK");

        Files.delete(file);
        Files.deleteIfExists(dataDir.resolve("metrics.duckdb.wal"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(status().path("health").asText()).isEqualTo("DEGRADED"));
        JsonNode status = status();
        assertThat(status.path("problems").toString()).contains("store:duckdb: DEGRADED: " + file + " was deleted")
                .contains("Restart the agent to create a new file");
        assertThat(dist.stderr()).containsOnlyOnce("duckdb data file deleted or replaced under the store");
        Distribution.Result cli = dist.run("status", "--agent", agent.apiAddress());
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).containsPattern("store\\s+duckdb\\s+DEGRADED\\s+\\S+\\s+" + java.util.regex.Pattern.quote(
                file + " was deleted"));
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/status")).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private URI uri(String path) {
        return URI.create("http://" + agent.apiAddress() + path);
    }

    /**
     * {@value #NODE_DUCKDB} installed with npm into {@code target/node-duckdb} (kept for later runs),
     * with the reading script beside it; the test is skipped, saying why, where npm cannot install it.
     */
    private static Path nodeDuckDb() throws Exception {
        Path home = Path.of("target", "node-duckdb").toAbsolutePath();
        Files.createDirectories(home);
        Files.writeString(home.resolve("read-duckdb.mjs"), READ_SCRIPT);
        if (Files.isDirectory(home.resolve("node_modules/@duckdb/node-api"))) {
            return home;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix",
                    home.toString(), NODE_DUCKDB).redirectErrorStream(true)
                    .redirectOutput(home.resolve("npm.log").toFile()).start();
        } catch (IOException e) {
            System.out.println("DataFileIT: skipped, npm cannot run: " + e.getMessage());
            Assumptions.abort("npm cannot run: " + e.getMessage());
            throw e;
        }
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        if (!done || npm.exitValue() != 0) {
            npm.destroyForcibly();
            String why = "npm could not install " + NODE_DUCKDB + ": "
                    + Files.readString(home.resolve("npm.log")).strip();
            System.out.println("DataFileIT: skipped, " + why);
            Assumptions.abort(why);
        }
        return home;
    }

    private static JsonNode readWithNode(Path home, Path file) throws Exception {
        Process p = new ProcessBuilder("node", home.resolve("read-duckdb.mjs").toString(), file.toString())
                .directory(home.toFile()).redirectError(home.resolve("node.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(home.resolve("node.err"))).isZero();
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }

    private static Map<String, Long> countsWithTheAgentsDuckDb(Path file) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables()"
                    + " WHERE database_name = current_database() ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }
}
