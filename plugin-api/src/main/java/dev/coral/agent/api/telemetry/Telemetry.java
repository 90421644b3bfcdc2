package dev.coral.agent.api.telemetry;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The agent's own counters, gauges and histograms, exposed by the runtime (Prometheus text on
 * {@code /metrics}). Metric names follow the Collector's self-telemetry style
 * ({@code otelcol_receiver_accepted_spans}). Every instrument a component creates is labelled
 * with its component id; {@code labels} adds more (e.g. {@code transport}). Asking twice for
 * the same name and labels returns the same counter.
 *
 * @since 0.1.0
 */
public interface Telemetry {
    Counter counter(String name, String help, Map<String, String> labels);

    default Counter counter(String name, String help) {
        return counter(name, help, Map.of());
    }

    /** A gauge whose value is read when the metrics are scraped. */
    void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value);

    /**
     * A histogram with these bucket upper bounds (ascending; a last bucket for everything above
     * is implied). Name it for its unit, as {@code coral_store_ack_wait_seconds}.
     */
    Histogram histogram(String name, String help, Map<String, String> labels, List<Double> bounds);
}
