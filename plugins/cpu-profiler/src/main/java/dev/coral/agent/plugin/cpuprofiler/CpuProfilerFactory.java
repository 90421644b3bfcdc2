package dev.coral.agent.plugin.cpuprofiler;

import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Stability;
import dev.coral.agent.plugin.cpuprofiler.config.CpuProfilerConfig;
import org.pf4j.Extension;

/** The {@code cpu-profiler} receiver type: whole-host CPU stacks into the profiles pipeline. */
@Extension
public final class CpuProfilerFactory implements FactoryProvider {
    @Override
    public ReceiverFactory<CpuProfilerConfig> factory() {
        return ReceiverFactory.builder("cpu-profiler", CpuProfilerConfig::defaults, CpuProfilerConfig::read)
                .profiles(Stability.ALPHA)
                .build(CpuProfilerReceiver::new);
    }
}
