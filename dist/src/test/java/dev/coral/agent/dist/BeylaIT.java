package dev.coral.agent.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled beyla receiver on the default pipelines.conf, with a stand-in for the Beyla binary
 * (a script that records its config and serves): the agent starts it pointed at its loopback
 * receiver, takes Beyla-shaped RED histograms into the beyla tables, {@code coral-agent query
 * ebpf} prints them per route, and a SIGKILLed agent leaves no Beyla behind.
 */
class BeylaIT {
    private static final String STAND_IN = """
            #!/bin/sh
            for a in "$@"; do case "$a" in --config=*) cp "${a#--config=}" '%1$s/config.yml';; esac; done
            echo "$$" > '%1$s/pid'
            echo "time=now level=INFO msg=\\"stand-in serving\\""
            while :; do sleep 0.1; done
            """;
    private static final double[] BUCKETS_S = {0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

    @TempDir
    Path dir;

    @Test
    void beylaRunsBesideTheAgentAndItsRedMetricsAreQueryable() throws Exception {
        Path standIn = Files.createDirectories(dir.resolve("beyla"));
        Path binary = standIn.resolve("beyla");
        Files.writeString(binary, STAND_IN.formatted(standIn));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        Distribution dist = Distribution.copyInto(dir.resolve("dist"));
        Files.writeString(dist.home.resolve("conf/pipelines.conf"), """

                receivers.beyla.binary = "%s"
                receivers.beyla.discovery.services = [ { name = "shop", open-ports = "8080" } ]
                """.formatted(binary), StandardOpenOption.APPEND);

        RunningAgent agent = new RunningAgent(dist).start();
        try {
            Path pidFile = standIn.resolve("pid");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.exists(standIn.resolve("config.yml")));
            assertThat(Files.readString(standIn.resolve("config.yml"))).contains("127.0.0.1:" + agent.beylaGrpc)
                    .contains("8080");
            long beylaPid = Long.parseLong(Files.readString(pidFile).trim());

            sendBeylaShapedHistograms(agent.beylaGrpc);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Distribution.Result r = dist.run("query", "ebpf", "--agent", agent.apiAddress(), "--service", "shop",
                        "--since", "15m");
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                assertThat(r.stdout()).contains("GET /items/{id}").contains("shop");
            });

            agent.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(beylaPid).map(p -> !p.isAlive()).orElse(true));
        } finally {
            agent.close();
        }
    }

    /** As Beyla exports them: http.server.request.duration in seconds, delta, with its bucket layout. */
    private static void sendBeylaShapedHistograms(int port) {
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")))
                .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + port)
                        .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                        .setTimeout(Duration.ofSeconds(10)).build()).setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            DoubleHistogram http = provider.get("go.opentelemetry.io/obi").histogramBuilder("http.server.request.duration")
                    .setUnit("s").setExplicitBucketBoundariesAdvice(List.of(box(BUCKETS_S))).build();
            Attributes get = Attributes.builder().put("http.request.method", "GET")
                    .put("http.response.status_code", 200L).put("http.route", "/items/{id}").build();
            for (int i = 0; i < 20; i++) {
                http.record(0.003 * (i + 1), get);
            }
            assertThat(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    private static Double[] box(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
