package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.BatchConsumer;
import dev.coral.agent.api.Component;
import dev.coral.agent.api.ComponentContext;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.Exporter;
import dev.coral.agent.api.ExporterFactory;
import dev.coral.agent.api.InflightLedger;
import dev.coral.agent.api.Outputs;
import dev.coral.agent.api.Processor;
import dev.coral.agent.api.ProcessorFactory;
import dev.coral.agent.api.Receiver;
import dev.coral.agent.api.ReceiverFactory;
import dev.coral.agent.api.Signal;
import dev.coral.agent.api.Stability;
import dev.coral.agent.api.Store;
import dev.coral.agent.api.StoreFactory;
import dev.coral.agent.runtime.config.PipelinesConfig.Pipeline;
import dev.coral.agent.runtime.config.PipelinesConfig.Ref;
import dev.coral.agent.runtime.pipeline.PipelinePlan.Planned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running shape of the pipelines: components created from a {@link PipelinePlan} and
 * chained, as the Collector builds its graph. Receivers and exporters/stores are created once
 * and shared by the pipelines naming them; processors once per pipeline. Every processor and
 * exporter is wrapped in a {@link GuardedConsumer}, every receiver output in a
 * {@link CountedConsumer}.
 */
public final class PipelineGraph {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineGraph.class);

    /** A created component, in the order it must start. */
    public record Node(ComponentKind kind, ComponentId id, Component component, String pipeline) {}

    private final List<Node> nodes;
    private final List<Store> stores;
    private final InflightLedger batches;

    private PipelineGraph(List<Node> nodes, List<Store> stores, InflightLedger batches) {
        this.nodes = List.copyOf(nodes);
        this.stores = List.copyOf(stores);
        this.batches = batches;
    }

    /**
     * Creates every used component and wires them. A factory that throws aborts the build with
     * a {@link ComponentFailure} naming the component.
     */
    public static PipelineGraph build(PipelinePlan plan, RuntimeServices services) throws ComponentFailure {
        warnOfUnsettledComponents(plan);
        return new Builder(plan, services).build();
    }

    /** As the Collector does: a component in development, deprecated or unmaintained is used knowingly. */
    private static void warnOfUnsettledComponents(PipelinePlan plan) {
        for (Pipeline pipeline : plan.pipelines()) {
            for (ComponentKind kind : ComponentKind.values()) {
                for (Ref ref : pipeline.refs(kind)) {
                    Stability stability = plan.component(kind, ref.id()).factory().stability(pipeline.signal());
                    if (stability.warns()) {
                        LOG.warn("component is {} component={} kind={} signal={} pipeline={}", stability.word(),
                                ref.id(), kind.word(), pipeline.signal(), pipeline.name());
                    }
                }
            }
        }
    }

    /** Start order: stores, exporters, processors, receivers. Shut down in reverse. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<Store> stores() {
        return stores;
    }

    /** The batches between receivers and durability, a ledger over the agent's. */
    public InflightLedger batches() {
        return batches;
    }

    private static final class Builder {
        private final PipelinePlan plan;
        private final RuntimeServices services;
        private final InflightLedger batches;
        private final List<Node> sinks = new ArrayList<>();
        private final List<Node> processors = new ArrayList<>();
        private final List<Node> receivers = new ArrayList<>();
        private final List<Store> stores = new ArrayList<>();
        private final Map<ComponentId, Exporter> exporters = new LinkedHashMap<>();
        private final Map<String, BatchConsumer<?>> sinkConsumers = new HashMap<>();

        Builder(PipelinePlan plan, RuntimeServices services) {
            this.plan = plan;
            this.services = services;
            this.batches = services.inflight().forComponent();
        }

        PipelineGraph build() throws ComponentFailure {
            for (Planned<?> p : plan.used(ComponentKind.STORE)) {
                Store store = create(p, () -> createStore(p));
                stores.add(store);
                exporters.put(p.id(), store);
                sinks.add(new Node(p.kind(), p.id(), store, ""));
            }
            for (Planned<?> p : plan.used(ComponentKind.EXPORTER)) {
                Exporter exporter = create(p, () -> createExporter(p));
                exporters.put(p.id(), exporter);
                sinks.add(new Node(p.kind(), p.id(), exporter, ""));
            }
            Map<ComponentId, Map<Signal<?>, List<BatchConsumer<?>>>> receiverTargets = new LinkedHashMap<>();
            for (Pipeline pipeline : plan.pipelines()) {
                BatchConsumer<?> head = pipelineHead(pipeline, pipeline.signal());
                for (Ref r : pipeline.refs(ComponentKind.RECEIVER)) {
                    receiverTargets.computeIfAbsent(r.id(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(pipeline.signal(), k -> new ArrayList<>()).add(head);
                }
            }
            for (Planned<?> p : plan.used(ComponentKind.RECEIVER)) {
                Map<Signal<?>, BatchConsumer<?>> outputs = new LinkedHashMap<>();
                receiverTargets.get(p.id()).forEach((signal, heads) -> outputs.put(signal, fanOut(heads)));
                var receiver = create(p, () -> createReceiver(p, new Outputs(outputs)));
                receivers.add(new Node(p.kind(), p.id(), receiver, ""));
            }
            List<Node> all = new ArrayList<>(sinks);
            all.addAll(processors);
            all.addAll(receivers);
            return new PipelineGraph(all, stores, batches);
        }

        /** The pipeline's first consumer: its processors in order, then a fan-out to its sinks. */
        private <T> BatchConsumer<T> pipelineHead(Pipeline pipeline, Signal<T> signal) throws ComponentFailure {
            List<BatchConsumer<T>> targets = new ArrayList<>();
            for (ComponentKind kind : List.of(ComponentKind.STORE, ComponentKind.EXPORTER)) {
                for (Ref r : pipeline.refs(kind)) {
                    targets.add(sinkConsumer(kind, r.id(), signal));
                }
            }
            BatchConsumer<T> next = FanOutConsumer.of(targets);
            List<Ref> chain = pipeline.refs(ComponentKind.PROCESSOR);
            for (int i = chain.size() - 1; i >= 0; i--) {
                Planned<?> p = plan.component(ComponentKind.PROCESSOR, chain.get(i).id());
                BatchConsumer<T> downstream = next;
                var processor = create(p, () -> createProcessor(p, signal, downstream));
                processors.add(0, new Node(p.kind(), p.id(), processor, pipeline.name()));
                next = guard(processor, p);
            }
            return next;
        }

        @SuppressWarnings("unchecked")
        private <T> BatchConsumer<T> sinkConsumer(ComponentKind kind, ComponentId id, Signal<T> signal)
                throws ComponentFailure {
            String key = kind + ":" + id + ":" + signal;
            BatchConsumer<?> existing = sinkConsumers.get(key);
            if (existing != null) {
                return (BatchConsumer<T>) existing;
            }
            Planned<?> p = plan.component(kind, id);
            BatchConsumer<T> consumer = create(p, () -> exporters.get(id).consumer(signal));
            BatchConsumer<T> guarded = guard(consumer, p);
            sinkConsumers.put(key, guarded);
            return guarded;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private BatchConsumer<?> fanOut(List<BatchConsumer<?>> heads) {
            return new CountedConsumer<>(FanOutConsumer.of((List) heads), batches);
        }

        private <T> BatchConsumer<T> guard(BatchConsumer<T> consumer, Planned<?> p) {
            var failures = services.contextFor(p.kind(), p.id()).telemetry().counter(
                    "coral_" + p.kind().word() + "_batch_failures",
                    "Batches a component failed on with an exception");
            return new GuardedConsumer<>(consumer, p.kind(), p.id(), failures);
        }

        private interface Creation<T> {
            T create();
        }

        private <T> T create(Planned<?> p, Creation<T> creation) throws ComponentFailure {
            try {
                T created = creation.create();
                if (created == null) {
                    throw new ComponentFailure(p.kind(), p.id(), "created", new NullPointerException("factory returned null"));
                }
                return created;
            } catch (ComponentFailure f) {
                throw f;
            } catch (RuntimeException | LinkageError e) {
                throw new ComponentFailure(p.kind(), p.id(), "created", e);
            }
        }

        // The sealed kinds make these casts-free: a planned component of a kind has that kind's factory.
        private <C> Store createStore(Planned<C> p) {
            if (p.factory() instanceof StoreFactory<C> f) {
                return f.create(contextOf(p), p.config());
            }
            throw wrongKind(p);
        }

        private <C> Exporter createExporter(Planned<C> p) {
            if (p.factory() instanceof ExporterFactory<C> f) {
                return f.create(contextOf(p), p.config());
            }
            throw wrongKind(p);
        }

        private <C> Receiver createReceiver(Planned<C> p, Outputs outputs) {
            if (p.factory() instanceof ReceiverFactory<C> f) {
                return f.create(contextOf(p), p.config(), outputs);
            }
            throw wrongKind(p);
        }

        private <C, T> Processor<T> createProcessor(Planned<C> p, Signal<T> signal, BatchConsumer<T> next) {
            if (p.factory() instanceof ProcessorFactory<C> f) {
                return f.create(contextOf(p), p.config(), signal, next);
            }
            throw wrongKind(p);
        }

        private ComponentContext contextOf(Planned<?> p) {
            return services.contextFor(p.kind(), p.id());
        }

        private static IllegalStateException wrongKind(Planned<?> p) {
            return new IllegalStateException(p.factory() + " planned as a " + p.kind().word());
        }
    }
}
