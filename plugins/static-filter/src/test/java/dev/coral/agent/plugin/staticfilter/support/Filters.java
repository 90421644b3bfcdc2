package dev.coral.agent.plugin.staticfilter.support;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import dev.coral.agent.plugin.staticfilter.StaticFilterFactory;
import dev.coral.agent.plugin.staticfilter.config.StaticFilterConfig;
import dev.coral.agent.testkit.TestComponentContext;
import dev.coral.agent.testkit.TestConfigs;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Static filters built as the runtime builds them: settings parsed by the factory, then created. */
public final class Filters {
    public static final String PATH = "processors.static-filter";
    public static final String FILE = "pipelines.conf";

    private Filters() {}

    /** {@code hocon} as the processor's block in {@code pipelines.conf}. */
    public static Settings settings(String hocon) {
        return Settings.of(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(FILE)),
                PATH, FILE);
    }

    public static StaticFilterConfig config(String hocon) {
        return TestConfigs.read(new StaticFilterFactory().factory(), settings(hocon));
    }

    /** The context the runtime would give the processor {@code static-filter}. */
    public static TestComponentContext context() {
        return TestComponentContext.builder(ComponentKind.PROCESSOR, "static-filter").build();
    }

    public static Processor<ExportTraceServiceRequest> processor(String hocon, TestComponentContext context,
            BatchConsumer<ExportTraceServiceRequest> next) {
        return new StaticFilterFactory().factory().create(context, config(hocon), Signal.TRACES, next);
    }
}
