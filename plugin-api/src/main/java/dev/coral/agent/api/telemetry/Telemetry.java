package dev.coral.agent.api.telemetry;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The agent's own counters and gauges, exposed by the runtime (Prometheus text on
 * {@code /metrics}). Metric names follow the Collector's self-telemetry style
 * ({@code otelcol_receiver_accepted_spans}). Every instrument a component creates is labelled
 * with its component id; {@code labels} adds more (e.g. {@code transport}). Asking twice for
 * the same name and labels returns the same counter.
 */
public interface Telemetry {
    Counter counter(String name, String help, Map<String, String> labels);

    default Counter counter(String name, String help) {
        return counter(name, help, Map.of());
    }

    /** A gauge whose value is read when the metrics are scraped. */
    void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value);
}
