package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import dev.coral.agent.api.ebpf.EbpfBatch;
import dev.coral.agent.api.profile.ProfileBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds processors: one instance per pipeline, chained in the pipeline's order. Each signal
 * has its own typed creator, as the Collector's {@code WithTraces}/{@code WithMetrics}:
 *
 * <pre>{@code
 * ProcessorFactory.builder("static-filter", FilterConfig::defaults, FilterConfig::read)
 *         .traces(StaticFilter::new, Stability.STABLE)
 *         .build();
 * }</pre>
 *
 * @param <C> the processor's configuration
 * @since 0.1.0
 */
public final class ProcessorFactory<C> extends ComponentFactory<C> {
    /** Creates a processor of one signal that passes what it keeps to {@code next}. */
    @FunctionalInterface
    public interface Creator<C, T> {
        Processor<T> create(ComponentContext context, C config, BatchConsumer<T> next);
    }

    private final Map<Signal<?>, Creator<C, ?>> creators;

    private ProcessorFactory(Builder<C> b) {
        super(b);
        this.creators = Map.copyOf(b.creators);
    }

    /** Starts a processor factory of {@code type}, its defaults and its settings reader. */
    public static <C> Builder<C> builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        return new Builder<>(type, defaults, reader);
    }

    @Override
    public ComponentKind kind() {
        return ComponentKind.PROCESSOR;
    }

    /**
     * Called by the runtime once per pipeline naming the processor.
     *
     * @throws IllegalArgumentException for a signal the factory does not carry
     */
    public <T> Processor<T> create(ComponentContext context, C config, Signal<T> signal, BatchConsumer<T> next) {
        // The builder put a Creator<C, T> under Signal<T>: the one unchecked step, kept here.
        @SuppressWarnings("unchecked")
        Creator<C, T> creator = (Creator<C, T>) creators.get(signal);
        if (creator == null) {
            throw new IllegalArgumentException(this + " does not carry " + signal);
        }
        return creator.create(context, config, next);
    }

    /** Declares one typed creator per signal; {@link #build} when done. */
    public static final class Builder<C> extends FactoryBuilder<C, Builder<C>> {
        private final Map<Signal<?>, Creator<C, ?>> creators = new HashMap<>();

        private Builder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
            super(type, defaults, reader);
        }

        /** Processes {@code signal} with processors from {@code creator}. */
        public <T> Builder<C> signal(Signal<T> signal, Creator<C, T> creator, Stability stability) {
            creators.put(signal, Objects.requireNonNull(creator, "creator"));
            return carry(signal, stability);
        }

        public Builder<C> traces(Creator<C, ExportTraceServiceRequest> creator, Stability stability) {
            return signal(Signal.TRACES, creator, stability);
        }

        public Builder<C> metrics(Creator<C, ExportMetricsServiceRequest> creator, Stability stability) {
            return signal(Signal.METRICS, creator, stability);
        }

        public Builder<C> logs(Creator<C, ExportLogsServiceRequest> creator, Stability stability) {
            return signal(Signal.LOGS, creator, stability);
        }

        public Builder<C> profiles(Creator<C, ProfileBatch> creator, Stability stability) {
            return signal(Signal.PROFILES, creator, stability);
        }

        public Builder<C> ebpf(Creator<C, EbpfBatch> creator, Stability stability) {
            return signal(Signal.EBPF, creator, stability);
        }

        public ProcessorFactory<C> build() {
            return new ProcessorFactory<>(this);
        }

        @Override
        Builder<C> self() {
            return this;
        }
    }
}
