package dev.coral.agent.plugin.otlpexporter;

import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.plugin.otlpexporter.config.ExporterConfig;
import dev.coral.agent.plugin.otlpexporter.config.Protocol;
import org.pf4j.Extension;

/** The {@code otlphttp} exporter type: OTLP/HTTP with protobuf bodies, through a persistent sending queue. */
@Extension
public final class OtlpHttpExporterFactory implements FactoryProvider {
    @Override
    public ExporterFactory<ExporterConfig> factory() {
        return OtlpExporterFactory.factory(Protocol.HTTP);
    }
}
