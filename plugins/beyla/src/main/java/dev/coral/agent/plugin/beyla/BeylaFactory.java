package dev.coral.agent.plugin.beyla;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Stability;
import dev.coral.agent.plugin.beyla.config.BeylaConfig;
import org.pf4j.Extension;

/** The {@code beyla} receiver type: Beyla's RED metrics and traces into the ebpf pipeline. */
@Extension
public final class BeylaFactory implements FactoryProvider {
    @Override
    public ReceiverFactory<BeylaConfig> factory() {
        return ReceiverFactory.builder("beyla", BeylaConfig::defaults, BeylaConfig::read)
                .ebpf(Stability.ALPHA)
                .build(BeylaReceiver::new);
    }
}
