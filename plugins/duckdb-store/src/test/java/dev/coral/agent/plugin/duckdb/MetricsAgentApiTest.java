package dev.coral.agent.plugin.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.api.Signal;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.server.AgentApi;
import dev.coral.agent.testkit.PushReceiverFactory;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QueryMetrics over Connect JSON on the real store: the points of several types, read in answers
 * that the limit and the store's page byte budget cut short, come back each once, by type then
 * oldest first, following next_page_token across the types.
 */
class MetricsAgentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "/coral.agent.v1.AgentQueryService/QueryMetrics";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pagesWalkEveryTypeOnceInOrder() throws Exception {
        PushReceiverFactory push = new PushReceiverFactory();
        try (AgentRuntime runtime = AgentRuntime.builder().home(dir).loadPlugins(false).factory(push)
                .factory(new DuckDbStoreFactory()).frontend(AgentApi::start).configText("""
                        agent { api.listen = ["127.0.0.1:0"], data-dir = "%s" }
                        receivers { push {} }
                        stores { duckdb { query.page-bytes = 450 } }
                        pipelines { metrics { receivers = [push], stores = [duckdb] } }
                        """.formatted(dir.resolve("data"))).build()) {
            runtime.start();
            int port = runtime.frontend(AgentApi.class).orElseThrow().addresses().getFirst().getPort();
            long t = (System.currentTimeMillis() - 60_000) * 1_000_000L;
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                metrics.add(Metrics.gauge("app.g", "1", Metrics.point(t + i, i)));
            }
            metrics.add(Metric.newBuilder().setName("app.s").setSum(Sum.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsInt(1))
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t + 1).setAsInt(2))).build());
            metrics.add(Metric.newBuilder().setName("app.e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(t).setCount(1)))
                    .build());
            metrics.add(Metric.newBuilder().setName("app.q").setSummary(Summary.newBuilder()
                    .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(t).setCount(1))).build());
            ExportMetricsServiceRequest request = Metrics.request(metrics.toArray(Metric[]::new));
            push.push(Signal.METRICS, request).toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<String> seen = new ArrayList<>();
            String token = "";
            int answers = 0;
            do {
                JsonNode page = json(port, "{\"limit\": 3, \"pageToken\": \"" + token + "\"}", 200);
                assertThat(page.path("points")).as("never an empty page that says more follow").isNotEmpty();
                page.path("points").forEach(p -> seen.add(p.path("type").asText().replace("METRIC_POINT_TYPE_", "")
                        + " " + p.path("metricName").asText() + " " + p.path("seqId").asText()));
                assertThat(page.path("truncated").asBoolean()).isEqualTo(!page.path("nextPageToken").asText().isEmpty());
                token = page.path("nextPageToken").asText();
                answers++;
            } while (!token.isEmpty() && answers < 20);
            assertThat(seen).containsExactly("GAUGE app.g 1", "GAUGE app.g 2", "GAUGE app.g 3", "GAUGE app.g 4",
                    "GAUGE app.g 5", "SUM app.s 1", "SUM app.s 2", "EXPONENTIAL_HISTOGRAM app.e 1", "SUMMARY app.q 1");
            assertThat(answers).as("the byte budget cut some answers below the limit").isGreaterThan(3);

            JsonNode sums = json(port, "{\"types\": [\"METRIC_POINT_TYPE_SUM\"], \"metricNames\": [\"app.s\"]}", 200);
            assertThat(sums.path("points")).extracting(p -> p.path("intValue").asText()).containsExactly("1", "2");
            assertThat(sums.path("points").get(0).has("sum")).as("absent: not a histogram").isFalse();
            assertThat(json(port, "{\"pageToken\": \"9:x\"}", 400).path("message").asText())
                    .contains("was not given by this query");
            assertThat(json(port, "{\"types\": [\"METRIC_POINT_TYPE_BOGUS\"]}", 400).path("message").asText())
                    .contains("unknown MetricPointType");
        }
    }

    private JsonNode json(int port, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + QUERY))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
