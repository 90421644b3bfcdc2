package dev.coral.agent.server.transport;

import dev.coral.agent.runtime.telemetry.MetricRegistry;
import java.util.Map;
import java.util.Set;

/**
 * The API's own counters on {@code /metrics}: requests by protocol, method or route, and
 * outcome. Labels only take known values (served methods, fixed routes): a client sending
 * random paths must not grow the registry.
 */
public final class ApiTelemetry {
    public static final String REQUESTS = "coral_api_requests";

    private final MetricRegistry metrics;
    private final Set<String> knownMethods;

    public ApiTelemetry(MetricRegistry metrics, Set<String> knownMethods) {
        this.metrics = metrics;
        this.knownMethods = Set.copyOf(knownMethods);
    }

    /** An RPC answered over {@code protocol} (grpc, connect) with a gRPC code name. */
    public void rpc(String protocol, String method, String code) {
        String m = knownMethods.contains(method) ? method : "unknown";
        metrics.counter(REQUESTS, "Agent API requests by protocol, method or route, and outcome",
                Map.of("protocol", protocol, "method", m, "code", code)).increment();
    }

    /** A plain HTTP route answered with an HTTP status. */
    public void route(String route, int status) {
        metrics.counter(REQUESTS, "Agent API requests by protocol, method or route, and outcome",
                Map.of("protocol", "http", "method", route, "code", Integer.toString(status))).increment();
    }
}
