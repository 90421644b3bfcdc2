package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.plugin.beyla.config.DiscoveryRule;
import dev.coral.agent.plugin.beyla.config.SupervisionConfig;
import java.util.List;

/**
 * Beyla's YAML configuration for our settings. Key names are Beyla's (checked against
 * grafana/beyla {@code pkg/beyla/config.go} and OBI's {@code services/attr_glob.go},
 * {@code transform/routes.go}, {@code otelcfg}): {@code discovery.instrument} and
 * {@code exclude_instrument} (the glob criteria; the older {@code services} lists are
 * deprecated), {@code routes}, {@code attributes.select.traces}, {@code otel_metrics_export} and
 * {@code otel_traces_export}. Beyla has no YAML key for metrics temporality: the exporter reads
 * {@code OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE}, set by {@link ChildCommand}.
 */
final class BeylaYaml {
    private BeylaYaml() {}

    /**
     * @param otlpGrpcEndpoint {@code host:port} of the receiver's loopback gRPC server
     * @param agentPid the agent's own pid, which Beyla must not instrument
     */
    static String render(SupervisionConfig c, String otlpGrpcEndpoint, long agentPid) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by coral-agent (plugin beyla) at each start of Beyla; edits are overwritten.\n");
        y.append("discovery:\n");
        y.append("  instrument:\n");
        for (DiscoveryRule r : c.services()) {
            String dash = "    - ";
            dash = entry(y, dash, "name", r.name());
            dash = entry(y, dash, "open_ports", r.openPorts());
            dash = entry(y, dash, "exe_path", r.exePath());
            dash = entry(y, dash, "cmd_args", r.cmdArgs());
            entry(y, dash, "languages", r.languages());
        }
        y.append("  exclude_instrument:\n");
        y.append("    - target_pids: [").append(agentPid).append("]\n");
        if (!c.excludePorts().isEmpty()) {
            y.append("    - open_ports: ").append(quote(c.excludePorts())).append('\n');
        }
        y.append("routes:\n");
        list(y, "  ", "patterns", c.routePatterns());
        list(y, "  ", "ignored_patterns", c.ignoredRoutes());
        y.append("  unmatched: ").append(quote(c.unmatchedRoutes())).append('\n');
        y.append("attributes:\n");
        y.append("  select:\n");
        y.append("    traces:\n");
        y.append(c.sqlQueryText() ? "      include: [\"db.query.text\"]\n" : "      exclude: [\"db.query.text\"]\n");
        String endpoint = quote("http://" + otlpGrpcEndpoint);
        for (String section : List.of("otel_metrics_export", "otel_traces_export")) {
            y.append(section).append(":\n");
            y.append("  endpoint: ").append(endpoint).append('\n');
            y.append("  protocol: grpc\n");
            list(y, "  ", "instrumentations", c.protocols());
        }
        return y.toString();
    }

    /** Appends {@code key: value} when set; returns the indent for the entry's next key. */
    private static String entry(StringBuilder y, String indent, String key, String value) {
        if (value.isEmpty()) {
            return indent;
        }
        y.append(indent).append(key).append(": ").append(quote(value)).append('\n');
        return "      ";
    }

    private static void list(StringBuilder y, String indent, String key, List<String> values) {
        y.append(indent).append(key).append(": [");
        for (int i = 0; i < values.size(); i++) {
            y.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        y.append("]\n");
    }

    /** A YAML double-quoted scalar: globs such as {@code *shop*} would otherwise read as aliases. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\x%02x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
