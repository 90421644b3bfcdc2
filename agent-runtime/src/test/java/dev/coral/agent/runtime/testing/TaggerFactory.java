package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.FactoryProvider;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.concurrent.CompletionStage;

/**
 * Processor type "tagger": appends {@code key=value} to every span's attributes, so tests can
 * see processors run, in order. {@code throw = true} makes it throw on every batch.
 */
public final class TaggerFactory implements FactoryProvider {
    public record Config(String key, String value, boolean fail) {}

    private final Journal journal;

    public TaggerFactory(Journal journal) {
        this.journal = journal;
    }

    @Override
    public ProcessorFactory<Config> factory() {
        return ProcessorFactory.builder("tagger", () -> new Config("tag", "x", false), TaggerFactory::read)
                .traces(this::create, Stability.STABLE)
                .build();
    }

    private static Config read(Settings s, Config d) {
        return new Config(s.string("key", d.key()), s.string("value", d.value()), s.flag("throw", d.fail()));
    }

    private Processor<ExportTraceServiceRequest> create(ComponentContext context, Config config,
            BatchConsumer<ExportTraceServiceRequest> next) {
        return new Processor<>() {
            @Override
            public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
                if (config.fail()) {
                    throw new IllegalArgumentException("tagger bug");
                }
                return next.consume(tag(batch, config));
            }

            @Override
            public void start(Host host) {
                journal.add("start processor " + context.id());
            }

            @Override
            public void shutdown() {
                journal.add("shutdown processor " + context.id());
            }
        };
    }

    static ExportTraceServiceRequest tag(ExportTraceServiceRequest request, Config config) {
        var b = request.toBuilder();
        KeyValue kv = KeyValue.newBuilder().setKey(config.key())
                .setValue(AnyValue.newBuilder().setStringValue(config.value())).build();
        b.getResourceSpansBuilderList().forEach(rs -> rs.getScopeSpansBuilderList()
                .forEach(ss -> ss.getSpansBuilderList().forEach(span -> span.addAttributes(kv))));
        return b.build();
    }
}
