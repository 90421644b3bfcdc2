package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.api.config.NoSettings;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.lifecycle.ConfigReload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload through the real runtime (SIGHUP's work): it replaces the component, so the old
 * supervisor stops Beyla and the new one starts it with the new discovery config, once, after the
 * debounce, however many reloads came in a burst; never two Beylas at once. The receiver here
 * runs only the supervisor (the OTLP receiving is tested on its own), so no port is bound.
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
                  beyla-supervisor {
                    binary = "%s"
                    discovery.services = [ { open-ports = "%s" } ]
                    reload-debounce = 1500ms
                  }
                }
                stores { ebpf-sink {} }
                pipelines { ebpf { receivers = [beyla-supervisor], stores = [ebpf-sink] } }
                """.formatted(Files.createDirectories(tmp.resolve("data")), standIn.binary, port));
    }

    @Test
    void aBurstOfReloadsRestartsBeylaOnceWithTheLastConfig() throws Exception {
        StandIn standIn = new StandIn(tmp.resolve("standin"));
        Path file = writeConfig(standIn, "18081");
        running = AgentRuntime.builder().home(tmp).configFile(file).loadPlugins(false)
                .factory(new SupervisorOnlyFactory()).factory(new EbpfSinkFactory()).build();
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

    /** Receiver {@code beyla-supervisor}: the supervisor alone, with the supervision settings. */
    static final class SupervisorOnlyFactory implements FactoryProvider {
        @Override
        public ReceiverFactory<SupervisionConfig> factory() {
            return ReceiverFactory.builder("beyla-supervisor", SupervisionConfig::defaults, SupervisionConfig::read)
                    .ebpf(Stability.ALPHA)
                    .build((context, config, outputs) -> new dev.coral.agent.api.Receiver() {
                        private BeylaSupervisor supervisor;

                        @Override
                        public void start(Host host) {
                            supervisor = new BeylaSupervisor(context, config, "127.0.0.1:15999");
                            supervisor.start();
                        }

                        @Override
                        public void shutdown(Deadline deadline) {
                            supervisor.shutdown(deadline);
                        }
                    });
        }
    }

    /** Store {@code ebpf-sink}: takes ebpf batches and drops them. */
    static final class EbpfSinkFactory implements FactoryProvider {
        @Override
        public StoreFactory<NoSettings> factory() {
            return StoreFactory.builder("ebpf-sink", NoSettings::defaults, NoSettings::read)
                    .ebpf(Stability.ALPHA)
                    .build((context, config) -> new Store() {
                        @Override
                        public <T> BatchConsumer<T> consumer(Signal<T> signal) {
                            return batch -> CompletableFuture.completedFuture(null);
                        }
                    });
        }
    }
}
