package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.plugin.beyla.BeylaFactory;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.lifecycle.ConfigReload;
import dev.coral.agent.testkit.CaptureStoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload through the real runtime (SIGHUP's work): it replaces the component, so the old
 * supervisor stops Beyla and the new one starts it with the new discovery config, once, after the
 * debounce, however many reloads came in a burst; never two Beylas at once.
 */
class ReloadDebounceTest {
    @TempDir
    Path tmp;

    private AgentRuntime running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.stop();
        }
    }

    private Path writeConfig(StandIn standIn, String port) throws Exception {
        return Files.writeString(tmp.resolve("pipelines.conf"), """
                agent { data-dir = "%s", api.listen = ["127.0.0.1:0"] }
                receivers {
                  beyla {
                    grpc.endpoint = "127.0.0.1:0", http.endpoint = "127.0.0.1:0"
                    binary = "%s"
                    discovery.services = [ { open-ports = "%s" } ]
                    reload-debounce = 1500ms
                  }
                }
                stores { capture {} }
                pipelines { ebpf { receivers = [beyla], stores = [capture] } }
                """.formatted(Files.createDirectories(tmp.resolve("data")), standIn.binary, port));
    }

    @Test
    void aBurstOfReloadsRestartsBeylaOnceWithTheLastConfig() throws Exception {
        StandIn standIn = new StandIn(tmp.resolve("standin"));
        Path file = writeConfig(standIn, "18081");
        running = AgentRuntime.builder().home(tmp).configFile(file).loadPlugins(false)
                .factory(new BeylaFactory()).factory(new CaptureStoreFactory()).build();
        running.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(1));
        long firstPid = standIn.pid();

        ConfigReload reload = new ConfigReload(running);
        writeConfig(standIn, "18082");
        reload.run();
        assertThat(StandIn.alive(firstPid)).as("the old Beyla is stopped by the reload").isFalse();
        writeConfig(standIn, "18083");
        reload.run();
        long lastReload = System.nanoTime();
        running = reload.current();

        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.ready(2));
        assertThat((System.nanoTime() - lastReload) / 1_000_000).isGreaterThanOrEqualTo(1_300);
        assertThat(standIn.config(2)).contains("open_ports: \"18083\"").doesNotContain("18082");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> standIn.starts() == 2);
    }
}
