package dev.coral.agent.dist;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code coral-agent run} of a distribution as a real process, on free ports chosen once so a
 * restarted agent comes back on the same addresses: OTLP/gRPC, OTLP/HTTP and the Agent API.
 */
final class RunningAgent implements AutoCloseable {
    final Distribution dist;
    final int otlpGrpc = Distribution.freePort();
    final int otlpHttp = Distribution.freePort();
    final int api = Distribution.freePort();
    final int beylaGrpc = Distribution.freePort();
    final int beylaHttp = Distribution.freePort();
    private Process process;

    RunningAgent(Distribution dist) {
        this.dist = dist;
    }

    /** Starts the agent and waits until both OTLP/gRPC and the API accept connections. */
    RunningAgent start() {
        return startUnder(List.of());
    }

    /** As {@link #start}, the launcher run by {@code wrapper} (say {@code setpriv} dropping capabilities). */
    RunningAgent startUnder(List<String> wrapper) {
        process = dist.startUnder(wrapper, Map.of("CORAL_OTLP_GRPC_ENDPOINT", "127.0.0.1:" + otlpGrpc,
                "CORAL_OTLP_HTTP_ENDPOINT", "127.0.0.1:" + otlpHttp,
                "CORAL_BEYLA_GRPC_ENDPOINT", "127.0.0.1:" + beylaGrpc,
                "CORAL_BEYLA_HTTP_ENDPOINT", "127.0.0.1:" + beylaHttp,
                "CORAL_API_LISTEN", apiAddress()), "run");
        RunIT.awaitListening(process, otlpGrpc);
        RunIT.awaitListening(process, api);
        return this;
    }

    String apiAddress() {
        return "127.0.0.1:" + api;
    }

    /** SIGKILL (the launcher execs the JVM, so this is the agent itself) and wait. */
    void kill() throws InterruptedException {
        Process p = process;
        process = null;
        if (p != null) {
            p.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM and wait; the exit code. */
    int stop() throws InterruptedException {
        Process p = process;
        process = null;
        return p == null ? 0 : Distribution.terminate(p, Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
