package dev.coral.agent.plugin.otlpexporter;

import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Stability;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfigReader;
import dev.coral.agent.plugin.otlpexporter.config.Protocol;
import org.pf4j.Extension;

/** The {@code otlp} exporter type: OTLP/gRPC to a Collector or backend, through a persistent sending queue. */
@Extension
public final class OtlpExporterFactory implements FactoryProvider {
    @Override
    public ExporterFactory<ExporterConfig> factory() {
        return factory(Protocol.GRPC);
    }

    static ExporterFactory<ExporterConfig> factory(Protocol protocol) {
        return ExporterFactory.builder(protocol.type(), () -> ExporterConfig.defaults(protocol),
                        ExporterConfigReader::read)
                .traces(Stability.BETA).metrics(Stability.BETA).logs(Stability.BETA)
                .build(OtlpExporter::new);
    }
}
