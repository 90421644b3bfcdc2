package dev.coral.agent.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGuardTest {
    @Test
    void plainPathsPass() {
        for (String p : new String[] {"/status", "/duckdb/metrics.duckdb", "/duckdb/", "/coral.agent.v1.AgentService/X"}) {
            assertThat(PathGuard.problem(p)).as(p).isEmpty();
        }
    }

    @Test
    void tricksAreNamed() {
        assertThat(PathGuard.problem("/duckdb/../x")).hasValueSatisfying(m -> assertThat(m).contains("dot segments"));
        assertThat(PathGuard.problem("/duckdb/..")).isPresent();
        assertThat(PathGuard.problem("/duckdb/./x")).isPresent();
        assertThat(PathGuard.problem("/duckdb//etc/passwd")).hasValueSatisfying(m -> assertThat(m).contains("empty"));
        assertThat(PathGuard.problem("/duckdb/%2Fetc")).hasValueSatisfying(m -> assertThat(m).contains("%2f"));
        assertThat(PathGuard.problem("/duckdb/%2e%2E")).isPresent();
        assertThat(PathGuard.problem("/duckdb/%5C")).isPresent();
        assertThat(PathGuard.problem("/duckdb/x%00")).isPresent();
        assertThat(PathGuard.problem("/duckdb/%252e")).isPresent();
        assertThat(PathGuard.problem("/duckdb/..\\x")).isPresent();
        assertThat(PathGuard.problem("duckdb/x")).isPresent();
        assertThat(PathGuard.problem(null)).isPresent();
    }
}
