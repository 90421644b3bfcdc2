package dev.coral.agent.runtime.testing;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Deadline;
import dev.coral.agent.api.Host;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Processor type "tagger": appends {@code key=value} to every span's attributes, so tests can
 * see processors run, in order. {@code throw = true} makes it throw on every batch.
 */
public final class TaggerFactory implements ProcessorFactory<TaggerFactory.Config> {
    public record Config(String key, String value, boolean fail) {}

    private final Journal journal;

    public TaggerFactory(Journal journal) {
        this.journal = journal;
    }

    @Override
    public String type() {
        return "tagger";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public Config defaultConfig() {
        return new Config("tag", "x", false);
    }

    @Override
    public Config parseConfig(Settings s) {
        Config d = defaultConfig();
        return new Config(s.string("key", d.key()), s.string("value", d.value()), s.flag("throw", d.fail()));
    }

    @Override
    public <T> Processor<T> create(ComponentContext context, Config config, Signal<T> signal, BatchConsumer<T> next) {
        return new Processor<>() {
            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Void> consume(T batch) {
                if (config.fail()) {
                    throw new IllegalArgumentException("tagger bug");
                }
                return next.consume((T) tag((ExportTraceServiceRequest) batch, config));
            }

            @Override
            public void start(Host host) {
                journal.add("start processor " + context.id());
            }

            @Override
            public void shutdown(Deadline deadline) {
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
