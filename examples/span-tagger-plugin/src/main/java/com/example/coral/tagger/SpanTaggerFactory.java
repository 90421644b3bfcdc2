package com.example.coral.tagger;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Processor "span-tagger": adds the configured attributes to every span.
 *
 * <pre>
 * processors { span-tagger { attributes { deployment.environment = prod } } }
 * </pre>
 */
@Extension
public final class SpanTaggerFactory implements ProcessorFactory<SpanTaggerFactory.Config> {
    /** The attributes to add. */
    public record Config(Map<String, String> attributes) {}

    @Override
    public String type() {
        return "span-tagger";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public Config defaultConfig() {
        return new Config(Map.of("tagged.by", "span-tagger"));
    }

    @Override
    public Config parseConfig(Settings settings) {
        Map<String, String> attributes = settings.stringMap("attributes");
        if (settings.has("attributes") && attributes.isEmpty()) {
            throw settings.invalid("attributes", "at least one attribute, e.g. attributes { env = prod }");
        }
        return attributes.isEmpty() ? defaultConfig() : new Config(attributes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Processor<T> create(ComponentContext context, Config config, Signal<T> signal, BatchConsumer<T> next) {
        List<KeyValue> tags = config.attributes().entrySet().stream()
                .map(e -> KeyValue.newBuilder().setKey(e.getKey())
                        .setValue(AnyValue.newBuilder().setStringValue(e.getValue())).build())
                .toList();
        return new Processor<>() {
            @Override
            public CompletionStage<Void> consume(T batch) {
                ExportTraceServiceRequest.Builder request = ((ExportTraceServiceRequest) batch).toBuilder();
                request.getResourceSpansBuilderList().forEach(rs -> rs.getScopeSpansBuilderList()
                        .forEach(ss -> ss.getSpansBuilderList().forEach(span -> span.addAllAttributes(tags))));
                return next.consume((T) request.build());
            }
        };
    }
}
