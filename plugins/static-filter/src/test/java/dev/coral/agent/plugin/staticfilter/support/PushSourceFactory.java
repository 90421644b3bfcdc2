package dev.coral.agent.plugin.staticfilter.support;

import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.config.Settings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Receiver type "push-source": the test pushes trace batches into the pipelines it feeds. */
public final class PushSourceFactory implements ReceiverFactory<PushSourceFactory.Config> {
    /** No settings. */
    public record Config() {}

    private final List<Source> created = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "push-source";
    }

    @Override
    public Set<Signal<?>> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public Config parseConfig(Settings settings) {
        return new Config();
    }

    @Override
    public Receiver create(ComponentContext context, Config config, Outputs outputs) {
        Source source = new Source(outputs);
        created.add(source);
        return source;
    }

    /** The one source created. */
    public Source source() {
        return created.getFirst();
    }

    /** A created receiver: {@link #push} is what a client's export would do. */
    public static final class Source implements Receiver {
        private final Outputs outputs;

        Source(Outputs outputs) {
            this.outputs = outputs;
        }

        public CompletionStage<Void> push(ExportTraceServiceRequest batch) {
            return outputs.get(Signal.TRACES).orElseThrow().consume(batch);
        }
    }
}
