package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.lifecycle.ConfigReload;
import dev.coral.agent.runtime.testing.TestAgents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a config reload (SIGHUP) the Agent API serves the new pipelines, as the same agent. */
class ReloadTest {
    @Test
    void theApiServesTheReloadedPipelines(@TempDir Path dir) throws Exception {
        TestAgents agents = new TestAgents(dir);
        AgentRuntime first = agents.builder(TestAgents.ONE_PIPELINE).frontend(AgentApi::start).build();
        first.start();
        ConfigReload reload = new ConfigReload(first);
        try {
            assertThat(status(first).path("pipelines")).hasSize(1);
            agents.write(TestAgents.FREE_API_PORT + TestAgents.TWO_PIPELINES);

            reload.run();

            AgentRuntime now = reload.current();
            assertThat(first.frontend(AgentApi.class)).as("the old API closed").isEmpty();
            JsonNode status = status(now);
            assertThat(status.path("pipelines")).extracting(p -> p.path("name").asText())
                    .containsExactly("traces", "traces/second");
            assertThat(status.path("agent_id").asText()).isEqualTo(first.agent().agentId());
        } finally {
            reload.current().stop();
            first.stop();
        }
    }

    private static JsonNode status(AgentRuntime runtime) throws Exception {
        int port = runtime.frontend(AgentApi.class).orElseThrow().addresses().getFirst().getPort();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
