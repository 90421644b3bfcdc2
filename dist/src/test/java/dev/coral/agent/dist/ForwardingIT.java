package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent A (otlp receiver → otlp exporter) forwards to agent B (the distribution with its DuckDB
 * store): every span an application sends A arrives on B with its ids and attributes, also
 * through an outage of B during which A is SIGKILLed and restarted. The outage is 20 s at 100
 * spans/s by default; the 60 s at 1,000 spans/s is
 * {@code -Dforwarding.outage.seconds=60 -Dforwarding.outage.rate=1000}.
 */
class ForwardingIT {
    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** B: OTLP in, DuckDB out, no filter. */
    private static final String UPSTREAM = """
            agent { data-dir = ${?CORAL_DATA_DIR}, plugins-dir = "./plugins", api.listen = [${?CORAL_API_LISTEN}] }
            receivers { otlp { grpc.endpoint = ${?CORAL_OTLP_GRPC_ENDPOINT}, http.endpoint = ${?CORAL_OTLP_HTTP_ENDPOINT} } }
            stores { duckdb {} }
            pipelines { traces { receivers = [otlp], stores = [duckdb] } }
            """;

    /** A: OTLP in, forwarded to B's OTLP/gRPC through the persistent queue; quick retries for the test. */
    private static String forwarder(int upstreamGrpc) {
        return """
                agent { data-dir = ${?CORAL_DATA_DIR}, plugins-dir = "./plugins", api.listen = [${?CORAL_API_LISTEN}] }
                receivers { otlp { grpc.endpoint = ${?CORAL_OTLP_GRPC_ENDPOINT}, http.endpoint = ${?CORAL_OTLP_HTTP_ENDPOINT} } }
                exporters {
                  otlp {
                    endpoint = "http://127.0.0.1:%d"
                    timeout = 30s    # B's first commit on a loaded machine: a timed-out request is sent again (at least once)
                    retry_on_failure { initial_interval = 200ms, max_interval = 1s, max_elapsed_time = 0 }
                    batch { timeout = 50ms }
                  }
                }
                pipelines { traces { receivers = [otlp], exporters = [otlp] } }
                """.formatted(upstreamGrpc);
    }

    /** How long B is down (the benchmark: 60). */
    private static final int OUTAGE_SECONDS = Integer.getInteger("forwarding.outage.seconds", 20);
    /** Spans per second sent to A meanwhile (the benchmark: 1000). */
    private static final int OUTAGE_RATE = Integer.getInteger("forwarding.outage.rate", 100);
    /** One batch every 200 ms. */
    private static final long BATCH_NANOS = 200_000_000L;

    @Test
    void everySpanReachesTheUpstreamThroughAnOutageAndASigkill() throws Exception {
        Distribution distB = Distribution.copyInto(dir.resolve("b"));
        Distribution distA = Distribution.copyInto(dir.resolve("a"));
        distB.writeConfig(UPSTREAM);
        try (RunningAgent b = new RunningAgent(distB); RunningAgent a = new RunningAgent(distA);
             SpanSender toA = new SpanSender()) {
            distA.writeConfig(forwarder(b.otlpGrpc));
            b.start();
            a.start();
            Map<String, SpanData> sent = new TreeMap<>();

            for (int batch = 0; batch < 5; batch++) {
                toA.send(a, spans(batch, 20), sent);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> gauge(a, "otelcol_exporter_queue_size") == 0
                    && counter(a, "otelcol_exporter_sent_spans_total") == 100);

            // B goes away for OUTAGE_SECONDS while A keeps taking OUTAGE_RATE spans/s into its queue;
            // half way A is SIGKILLed and restarted (its clients retry meanwhile).
            assertThat(b.stop()).isZero();
            int perBatch = Math.max(1, OUTAGE_RATE / 5);
            int batches = OUTAGE_SECONDS * 5;
            long begin = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                if (i == batches / 2) {
                    assertThat(gauge(a, "otelcol_exporter_queue_size")).isPositive();
                    a.kill();
                    a.start();
                    assertThat(distA.stderr()).contains("sending queue recovered");
                }
                toA.send(a, spans(5 + i, perBatch), sent);
                long next = begin + (i + 1) * BATCH_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            b.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> gauge(a, "otelcol_exporter_queue_size") == 0);
            assertThat(counter(a, "otelcol_exporter_send_failed_spans_total")).isZero();
            assertThat(a.stop()).isZero();
            assertThat(b.stop()).isZero();

            List<StoredSpan> stored = storedSpans(distB.dataDir());
            assertThat(sent).hasSize(100 + batches * perBatch);
            Map<String, Long> copies = stored.stream().collect(java.util.stream.Collectors.groupingBy(
                    s -> s.traceId() + "/" + s.spanId(), TreeMap::new, java.util.stream.Collectors.counting()));
            assertThat(copies.keySet()).as("every span sent to A is on B").isEqualTo(sent.keySet());
            // At least once: a request whose answer A did not get in time is sent again. The batches
            // A queued while B was down (and kept through the SIGKILL) were never sent before it
            // came back, so each of them arrives once.
            assertThat(stored.stream().filter(s -> !s.name().matches("GET /cart-[0-4]-\\d+")).count())
                    .as("spans queued during the outage, each once").isEqualTo((long) batches * perBatch);
            for (StoredSpan s : stored) {
                SpanData original = sent.get(s.traceId() + "/" + s.spanId());
                assertThat(original).as("stored span %s/%s was sent", s.traceId(), s.spanId()).isNotNull();
                assertThat(s.name()).isEqualTo(original.getName());
                assertThat(s.service()).isEqualTo("checkout");
                long batch = original.getAttributes().get(AttributeKey.longKey("batch"));
                assertThat(s.attributes()).contains("\"http.request.method\":\"GET\"")
                        .containsPattern("\"batch\":\"?" + batch + "\"?[,}]")
                        .contains("\"tenant\":\"t-" + batch % 3 + "\"");
            }
            assertThat(distA.stderr()).doesNotContain("ERROR");
        }
    }

    /**
     * An application's OTLP/gRPC exporter (the OpenTelemetry Java SDK's) to A, kept across
     * batches as an application keeps it; a batch is sent again until A answers OK.
     */
    private static final class SpanSender implements AutoCloseable {
        private OtlpGrpcSpanExporter exporter;
        private int port;

        void send(RunningAgent a, List<SpanData> spans, Map<String, SpanData> sent) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (exporter == null || port != a.otlpGrpc) {
                    close();
                    port = a.otlpGrpc;
                    exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port)
                            .setTimeout(10, TimeUnit.SECONDS).build();
                }
                return exporter.export(spans).join(15, TimeUnit.SECONDS).isSuccess();
            });
            spans.forEach(s -> sent.put(s.getTraceId() + "/" + s.getSpanId(), s));
        }

        @Override
        public void close() {
            if (exporter != null) {
                exporter.shutdown().join(5, TimeUnit.SECONDS);
                exporter = null;
            }
        }
    }

    private static List<SpanData> spans(int batch, int n) {
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "checkout")));
        long now = System.currentTimeMillis() * 1_000_000L;
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] trace = new byte[16];
            byte[] span = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(span);
            trace[0] |= 1;
            span[0] |= 1;
            spans.add(TestSpanData.builder()
                    .setSpanContext(SpanContext.create(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span),
                            TraceFlags.getSampled(), TraceState.getDefault()))
                    .setResource(resource).setName("GET /cart-" + batch + "-" + i).setKind(SpanKind.SERVER)
                    .setStartEpochNanos(now).setEndEpochNanos(now + 3_000_000)
                    .setAttributes(Attributes.of(AttributeKey.stringKey("http.request.method"), "GET",
                            AttributeKey.longKey("batch"), (long) batch,
                            AttributeKey.stringKey("tenant"), "t-" + batch % 3))
                    .setStatus(StatusData.ok()).setHasEnded(true).setTotalRecordedEvents(0)
                    .setTotalRecordedLinks(0).setTotalAttributeCount(3).build());
        }
        return spans;
    }

    private record StoredSpan(String traceId, String spanId, String service, String name, String attributes) {}

    private static List<StoredSpan> storedSpans(Path dataDir) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("metrics.duckdb"), readOnly);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT trace_id, span_id, service_name, span_name, "
                     + "CAST(attributes AS VARCHAR) FROM otel_spans_local ORDER BY seq_id")) {
            List<StoredSpan> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new StoredSpan(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
            return rows;
        }
    }

    private static String metrics(RunningAgent agent) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + agent.apiAddress() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double gauge(RunningAgent agent, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*exporter=\"otlp\"[^}]*} (\\S+)$").matcher(metrics(agent));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static long counter(RunningAgent agent, String name) throws Exception {
        return (long) gauge(agent, name);
    }
}
