package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.server.AgentApi;
import dev.coral.agent.testkit.PushReceiverFactory;
import java.nio.file.Path;

/**
 * The child process of {@link BigSpanApiTest}: an agent with the duckdb store on an existing
 * data directory and its Agent API on a free loopback port, which it prints as {@code PORT <n>};
 * it stops when its stdin closes. The test runs it with a small heap, as the launcher does.
 */
public final class BigSpanAgent {
    private BigSpanAgent() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        AgentRuntime agent = AgentRuntime.builder().home(dataDir.getParent()).loadPlugins(false)
                .factory(new PushReceiverFactory()).factory(new DuckDbStoreFactory()).frontend(AgentApi::start)
                .configText("""
                        agent { api.listen = ["127.0.0.1:0"], data-dir = "%s" }
                        receivers { push {} }
                        stores { duckdb { memory-limit = 1GiB, retention { spans = 3650d }, ingest-log.max-pending = 1GiB } }
                        pipelines { traces { receivers = [push], stores = [duckdb] } }
                        """.formatted(dataDir)).build();
        agent.start();
        System.out.println("PORT " + agent.frontend(AgentApi.class).orElseThrow().addresses().getFirst().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin
        }
        agent.stop();
    }
}
