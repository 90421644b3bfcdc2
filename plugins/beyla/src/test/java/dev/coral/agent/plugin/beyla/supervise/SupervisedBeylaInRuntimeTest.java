package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.plugin.beyla.BeylaFactory;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.testkit.CaptureStoreFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code beyla} receiver as the runtime runs it, with the stand-in as its binary: Beyla is
 * pointed at the port the receiver's gRPC server really listens on, its state is in the agent's
 * status and metrics, and stopping the agent stops it.
 */
class SupervisedBeylaInRuntimeTest {
    @TempDir
    Path tmp;

    private AgentRuntime agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theReceiverRunsBeylaAgainstItsOwnGrpcPortAndShowsItsState() throws Exception {
        StandIn standIn = new StandIn(tmp.resolve("standin"));
        agent = AgentRuntime.builder().home(tmp).loadPlugins(false).factory(new CaptureStoreFactory())
                .factory(new BeylaFactory()).configText("""
                        agent { data-dir = "%s", api.listen = ["127.0.0.1:0"] }
                        receivers {
                          beyla {
                            grpc.endpoint = "127.0.0.1:0", http.endpoint = "127.0.0.1:0"
                            binary = "%s"
                            discovery.services = [ { name = shop, open-ports = "18080" } ]
                          }
                        }
                        stores { capture {} }
                        pipelines { ebpf { receivers = [beyla], stores = [capture] } }
                        """.formatted(Files.createDirectories(tmp.resolve("data")), standIn.binary)).build();
        agent.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(1));
        long pid = standIn.pid();

        Map<String, Map<String, Object>> yaml = new Yaml().load(standIn.config(1));
        URI endpoint = URI.create((String) yaml.get("otel_metrics_export").get("endpoint"));
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isPositive();
        assertThat(yaml.get("otel_traces_export").get("endpoint")).isEqualTo(endpoint.toString());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2_000); // the receiver listens
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var status = agent.status().snapshot().get("receiver:beyla");
            assertThat(status.health()).isEqualTo(Health.OK);
            assertThat(status.message()).isEqualTo("beyla: running pid=" + pid + " restarts=0 last_exit=none");
        });
        assertThat(agent.metrics().scrape().lines().filter(l -> l.startsWith("coral_beyla_running{")))
                .singleElement().asString().matches(".* 1(\\.0)?$");

        agent.close();
        agent = null;

        assertThat(standIn.events()).contains("TERM " + pid);
        assertThat(StandIn.alive(pid)).isFalse();
    }
}
