package dev.coral.agent.plugin.otlp;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Stability;
import dev.coral.agent.plugin.otlp.config.OtlpConfigReader;
import dev.coral.agent.plugin.otlp.config.OtlpReceiverConfig;
import org.pf4j.Extension;

/** The {@code otlp} receiver type: OTLP/gRPC and OTLP/HTTP for traces, metrics and logs. */
@Extension
public final class OtlpReceiverFactory implements FactoryProvider {
    @Override
    public ReceiverFactory<OtlpReceiverConfig> factory() {
        return ReceiverFactory.builder("otlp", OtlpReceiverConfig::defaults, OtlpConfigReader::read)
                .traces(Stability.STABLE).metrics(Stability.BETA).logs(Stability.BETA)
                .build(OtlpReceiver::new);
    }
}
