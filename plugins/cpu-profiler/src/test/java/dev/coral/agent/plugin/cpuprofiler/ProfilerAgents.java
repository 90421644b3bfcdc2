package dev.coral.agent.plugin.cpuprofiler;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coral.agent.api.StatusReporter.Health;
import dev.coral.agent.runtime.lifecycle.AgentRuntime;
import dev.coral.agent.runtime.telemetry.StatusBoard;
import dev.coral.agent.testkit.CaptureStoreFactory;
import java.nio.file.Path;

/** A started agent whose cpu-profiler receiver feeds a capture store: the runtime tests' fixture. */
final class ProfilerAgents {
    private ProfilerAgents() {
    }

    /**
     * Starts an agent in {@code home} with the cpu-profiler's {@code receiverSettings} (HOCON inside
     * its block); skips the test, saying why, where the host refuses sampling.
     */
    static AgentRuntime startedOrSkip(Path home, CaptureStoreFactory stores, String receiverSettings) throws Exception {
        AgentRuntime agent = AgentRuntime.builder().home(home).loadPlugins(false).factory(stores)
                .factory(new CpuProfilerFactory()).configText("""
                        agent { api.listen = ["127.0.0.1:0"] }
                        receivers { cpu-profiler { %s } }
                        stores { capture {} }
                        pipelines { profiles { receivers = [cpu-profiler], stores = [capture] } }
                        """.formatted(receiverSettings)).build();
        agent.start();
        StatusBoard.Entry status = agent.status().snapshot().get("receiver:cpu-profiler");
        if (status.health() != Health.OK) {
            System.out.println("SKIP: " + status.message());
            agent.close();
        }
        assumeTrue(status.health() == Health.OK, status.message());
        return agent;
    }
}
