package dev.coral.agent.plugin.beyla.receive;

import java.util.List;
import java.util.Optional;

/**
 * The RED histograms Beyla exports and the rows they become, with every name Beyla has used:
 * the current semantic conventions first, then the names of older Beyla versions (before 1.x:
 * {@code http.server.duration}, {@code sql.client.duration}; up to 3.2x: {@code rpc.server.duration}).
 */
enum RedKind {
    HTTP("http.server.request.duration", "http.server.duration"),
    GRPC("rpc.server.call.duration", "rpc.server.duration"),
    SQL("db.client.operation.duration", "sql.client.duration");

    private final List<String> metricNames;

    RedKind(String... metricNames) {
        this.metricNames = List.of(metricNames);
    }

    /** The kind of rows the metric {@code name} becomes; empty for a metric this receiver does not map. */
    static Optional<RedKind> of(String name) {
        for (RedKind k : values()) {
            if (k.metricNames.contains(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
