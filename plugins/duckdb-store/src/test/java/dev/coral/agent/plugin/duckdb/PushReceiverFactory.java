package dev.coral.agent.plugin.duckdb;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Receiver type "push": the test pushes batches into the pipelines through {@link #outputs()}. */
final class PushReceiverFactory implements ReceiverFactory<PushReceiverFactory.Config> {
    record Config() {}

    private final AtomicReference<Outputs> outputs = new AtomicReference<>();

    Outputs outputs() {
        return outputs.get();
    }

    @Override
    public String type() {
        return "push";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS, Signal.PROFILES);
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public Config parseConfig(Settings settings) {
        return new Config();
    }

    @Override
    public Receiver create(ComponentContext context, Config config, Outputs out) {
        outputs.set(out);
        return new Receiver() {};
    }
}
