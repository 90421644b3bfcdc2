package dev.coral.agent.plugin.otlp;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.otlp.config.OtlpConfigReader;
import dev.coral.agent.plugin.otlp.config.OtlpReceiverConfig;
import java.util.Set;
import org.pf4j.Extension;

/** The {@code otlp} receiver type: OTLP/gRPC and OTLP/HTTP for traces, metrics and logs. */
@Extension
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
    @Override
    public String type() {
        return "otlp";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS, Signal.LOGS);
    }

    @Override
    public OtlpReceiverConfig defaultConfig() {
        return OtlpReceiverConfig.defaults();
    }

    @Override
    public OtlpReceiverConfig parseConfig(Settings settings) {
        return new OtlpConfigReader(defaultConfig()).read(settings);
    }

    @Override
    public Receiver create(ComponentContext context, OtlpReceiverConfig config, Outputs outputs) {
        return new OtlpReceiver(context, config, outputs);
    }
}
