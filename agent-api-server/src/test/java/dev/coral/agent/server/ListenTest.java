package dev.coral.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.testing.TestAgents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent.api.listen}: exactly the listed addresses are bound, none when the list is empty. */
class ListenTest {
    private static final String PIPELINE = """
            receivers { test-source {} }
            stores { memory {} }
            pipelines { traces { receivers = [test-source], stores = [memory] } }
            """;

    @Test
    void everyListedAddressServesTheApi(@TempDir Path dir) throws Exception {
        try (AgentRuntime agent = agent(dir,
                "agent.api.listen = [\"127.0.0.1:0\", \"127.0.0.2:0\"]\n" + PIPELINE)) {
            agent.start();
            assertThat(addresses(agent)).hasSize(2);
            HttpClient http = HttpClient.newHttpClient();
            for (var a : addresses(agent)) {
                assertThat(a.getAddress().isLoopbackAddress()).isTrue();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://"
                        + a.getAddress().getHostAddress() + ":" + a.getPort() + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void anEmptyListTurnsTheApiOff(@TempDir Path dir) throws Exception {
        try (AgentRuntime agent = agent(dir, "agent.api.listen = []\n" + PIPELINE)) {
            agent.start();
            assertThat(addresses(agent)).isEmpty();
        }
    }

    @Test
    void aTakenPortAfterAFreeOneNamesTheSettingAndTheAddressThatFailed(@TempDir Path dir) throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            AgentRuntime agent = agent(dir,
                    "agent.api.listen = [\"127.0.0.1:" + free + "\", \"" + address + "\"]\n" + PIPELINE);
            assertThatThrownBy(agent::start).isInstanceOf(IOException.class)
                    .hasMessage("agent.api.listen: cannot bind " + address + ": Address already in use");
            agent.close();
        }
        // The address bound before the failure is released.
        try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).isTrue();
        }
    }

    @Test
    void aTakenPortFailsTheStartNamingTheAddress(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            AgentRuntime agent = agent(dir, "agent.api.listen = [\"" + address + "\"]\n" + PIPELINE);
            assertThatThrownBy(agent::start).isInstanceOf(IOException.class)
                    .hasMessage("agent.api.listen: cannot bind " + address + ": Address already in use");
            agent.close();
        }
    }

    private static AgentRuntime agent(Path dir, String hocon) throws Exception {
        return new TestAgents(dir).builder(hocon).frontend(AgentApi::start).build();
    }

    private static List<InetSocketAddress> addresses(AgentRuntime agent) {
        return agent.frontend(AgentApi.class).map(AgentApi::addresses).orElseThrow();
    }
}
