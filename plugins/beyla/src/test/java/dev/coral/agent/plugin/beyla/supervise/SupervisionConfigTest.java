package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.beyla.config.DiscoveryRule;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig.OrphanGuard;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the supervision settings: values, defaults, and every mistake named with line and key. */
class SupervisionConfigTest {
    private static List<String> problems(String hocon) {
        Settings s = Settings.of(ConfigFactory.parseString(hocon), "receivers.beyla", "pipelines.conf");
        SupervisionConfig.read(s, SupervisionConfig.defaults());
        return s.problems().stream().map(ConfigProblem::getMessage).toList();
    }

    @Test
    void readsEverySetting() {
        SupervisionConfig c = Configs.read("""
                binary = /opt/beyla/beyla
                discovery { services = [ { name = shop, open-ports = "8080", exe-path = "*shop*" } ], exclude-ports = "15900" }
                protocols = [http]
                routes { patterns = ["/a/{id}"], ignored = ["/health"], unmatched = path }
                sql.query-text = true
                restart { initial-backoff = 2s, max-backoff = 30s, healthy-after = 10m }
                stop-grace = 3s
                reload-debounce = 5s
                log-lines-per-second = 7
                orphan-guard = watchdog
                """);
        assertThat(c).isEqualTo(new SupervisionConfig("/opt/beyla/beyla",
                List.of(new DiscoveryRule("shop", "8080", "*shop*", "", "")), "15900", List.of("http"),
                List.of("/a/{id}"), List.of("/health"), "path", true, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(3), Duration.ofSeconds(5), 7, OrphanGuard.WATCHDOG));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SupervisionConfig d = Configs.read("");
        assertThat(d.binary()).isEmpty();
        assertThat(d.services()).isEmpty();
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.healthyAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.stopGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.orphanGuard()).isEqualTo(OrphanGuard.AUTO);
    }

    @Test
    void namesEachMistakeWithItsLineAndKey() {
        assertThat(problems("""
                discovery {
                  services = [
                    { name = shop, open-port = "8080" }
                    { open-ports = "80;443" }
                    "not a block"
                  ]
                }
                protocols = [http, kafka]
                routes.unmatched = sometimes
                orphan-guard = prayer
                """)).containsExactly(
                "pipelines.conf:5: receivers.beyla.discovery.services[2]: expected a block { ... }, got \"not a block\"",
                "pipelines.conf:3: receivers.beyla.discovery.services[0].open-port: unknown setting; expected name, open-ports,"
                        + " exe-path, cmd-args or languages",
                "pipelines.conf:3: receivers.beyla.discovery.services[0]: expected at least one of open-ports, exe-path,"
                        + " cmd-args or languages",
                "pipelines.conf:4: receivers.beyla.discovery.services[1].open-ports: expected ports and ranges such as"
                        + " \"8080\" or \"80,443,8000-8999\", got \"80;443\"",
                "pipelines.conf:4: receivers.beyla.discovery.services[1]: expected at least one of open-ports, exe-path,"
                        + " cmd-args or languages",
                "pipelines.conf:8: receivers.beyla.protocols: expected a list of http, grpc, sql, got a list",
                "pipelines.conf:9: receivers.beyla.routes.unmatched: expected one of unset, path, wildcard, heuristic,"
                        + " low-cardinality, got \"sometimes\"",
                "pipelines.conf:10: receivers.beyla.orphan-guard: expected one of auto, setpriv, watchdog, got \"prayer\"");
    }
}
