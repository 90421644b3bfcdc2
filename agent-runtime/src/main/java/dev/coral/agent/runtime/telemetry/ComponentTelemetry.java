package dev.coral.agent.runtime.telemetry;

import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.telemetry.Counter;
import dev.coral.agent.api.telemetry.Histogram;
import dev.coral.agent.api.telemetry.Telemetry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/** A component's view of the registry: every instrument carries {@code <kind>="<id>"}, as the Collector labels its own. */
public final class ComponentTelemetry implements Telemetry {
    private final MetricRegistry registry;
    private final String kindLabel;
    private final String id;

    public ComponentTelemetry(MetricRegistry registry, ComponentKind kind, ComponentId id) {
        this.registry = registry;
        this.kindLabel = kind.word();
        this.id = id.toString();
    }

    @Override
    public Counter counter(String name, String help, Map<String, String> labels) {
        return registry.counter(name, help, withComponent(labels));
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
        registry.gauge(name, help, withComponent(labels), value);
    }

    @Override
    public Histogram histogram(String name, String help, Map<String, String> labels, List<Double> bounds) {
        return registry.histogram(name, help, withComponent(labels), bounds);
    }

    private Map<String, String> withComponent(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(kindLabel, id);
        return all;
    }
}
