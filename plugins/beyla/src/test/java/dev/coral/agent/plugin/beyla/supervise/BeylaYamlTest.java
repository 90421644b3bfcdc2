package dev.coral.agent.plugin.beyla.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The YAML written for Beyla, parsed back with a YAML parser and checked key by key against Beyla's schema. */
class BeylaYamlTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> render(String hocon) {
        String yaml = BeylaYaml.render(Configs.read(hocon), "127.0.0.1:15999", 4242);
        return new Yaml().load(yaml);
    }

    @Test
    void mapsDiscoveryRoutesSqlAndExportToBeylasKeys() {
        Map<String, Object> y = render("""
                discovery {
                  services = [
                    { name = shop, open-ports = "8080,9000-9010", exe-path = "*shop*" }
                    { open-ports = [8081, "8082"] }
                    { languages = java, cmd-args = "*-jar billing.jar*" }
                  ]
                  exclude-ports = "15100-15103,15900"
                }
                protocols = [http, sql]
                routes { patterns = ["/user/{id}", "/basket/:item"], ignored = ["/metrics"], unmatched = wildcard }
                """);

        Map<String, Object> discovery = map(y.get("discovery"));
        assertThat(discovery.get("instrument")).isEqualTo(List.of(
                Map.of("name", "shop", "open_ports", "8080,9000-9010", "exe_path", "*shop*"),
                Map.of("open_ports", "8081,8082"),
                Map.of("cmd_args", "*-jar billing.jar*", "languages", "java")));
        assertThat(discovery.get("exclude_instrument")).isEqualTo(List.of(
                Map.of("target_pids", List.of(4242)),
                Map.of("open_ports", "15100-15103,15900")));
        assertThat(y.get("routes")).isEqualTo(Map.of("patterns", List.of("/user/{id}", "/basket/:item"),
                "ignored_patterns", List.of("/metrics"), "unmatched", "wildcard"));
        assertThat(y.get("attributes")).isEqualTo(
                Map.of("select", Map.of("traces", Map.of("exclude", List.of("db.query.text")))));
        for (String section : List.of("otel_metrics_export", "otel_traces_export")) {
            assertThat(y.get(section)).as(section).isEqualTo(Map.of("endpoint", "http://127.0.0.1:15999",
                    "protocol", "grpc", "instrumentations", List.of("http", "sql")));
        }
        assertThat(y.keySet()).containsExactlyInAnyOrder("discovery", "routes", "attributes", "otel_metrics_export",
                "otel_traces_export");
    }

    @Test
    void defaultsExcludeTheAgentsPortsKeepSqlTextOutAndUseHeuristicRoutes() {
        Map<String, Object> y = render("discovery.services = [ { exe-path = \"*\" } ]");

        assertThat(map(y.get("discovery")).get("exclude_instrument")).asList()
                .contains(Map.of("open_ports", SupervisionConfig.defaults().excludePorts()));
        assertThat(map(y.get("routes")).get("unmatched")).isEqualTo("heuristic");
        assertThat(map(y.get("otel_metrics_export")).get("instrumentations")).isEqualTo(List.of("http", "grpc", "sql"));
    }

    @Test
    void sqlQueryTextCanBeTurnedOn() {
        Map<String, Object> y = render("discovery.services = [ { exe-path = \"*\" } ], sql.query-text = true");
        assertThat(y.get("attributes")).isEqualTo(
                Map.of("select", Map.of("traces", Map.of("include", List.of("db.query.text")))));
    }

    @Test
    void quotesWhatYamlWouldOtherwiseReadAsSomethingElse() {
        Map<String, Object> y = render("discovery.services = [ { name = \"a \\\"quoted\\\" name: yes\", exe-path = \"&x\\\\y\" } ]");
        assertThat(map(y.get("discovery")).get("instrument"))
                .isEqualTo(List.of(Map.of("name", "a \"quoted\" name: yes", "exe_path", "&x\\y")));
    }
}
