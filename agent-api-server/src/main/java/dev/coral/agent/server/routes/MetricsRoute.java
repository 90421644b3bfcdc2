package dev.coral.agent.server.routes;

import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import dev.coral.agent.runtime.telemetry.MetricRegistry;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the agent's own counters, gauges and histograms in the Prometheus text format. */
public final class MetricsRoute implements Route {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricRegistry metrics;

    public MetricsRoute(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(Exchange exchange) {
        Replies.send(exchange, 200, CONTENT_TYPE,
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
