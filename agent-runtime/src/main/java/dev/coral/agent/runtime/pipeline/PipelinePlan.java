package dev.coral.agent.runtime.pipeline;

import dev.coral.agent.api.ComponentFactory;
import dev.coral.agent.api.ComponentId;
import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.runtime.config.InvalidConfigException;
import dev.coral.agent.runtime.config.PipelinesConfig.Declared;
import dev.coral.agent.runtime.config.PipelinesConfig.Pipeline;
import dev.coral.agent.runtime.config.PipelinesConfig.Ref;
import dev.coral.agent.runtime.config.PipelinesConfig;
import dev.coral.agent.runtime.config.Problems;
import dev.coral.agent.runtime.plugins.FactoryCatalog;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A configuration checked against the loaded factories: every component's settings parsed into
 * its typed config, every pipeline reference resolved, every signal carried by its components.
 * {@code coral-agent validate} stops here; {@code run} builds a {@link PipelineGraph} from it.
 */
public final class PipelinePlan {
    /** A component with its factory and parsed config. */
    public record Planned<C>(ComponentKind kind, ComponentId id, ComponentFactory<C> factory, C config,
            FactoryCatalog.Origin origin) {}

    private final PipelinesConfig config;
    private final Map<ComponentKind, Map<ComponentId, Planned<?>>> components;

    private PipelinePlan(PipelinesConfig config, Map<ComponentKind, Map<ComponentId, Planned<?>>> components) {
        this.config = config;
        this.components = components;
    }

    public static PipelinePlan of(PipelinesConfig config, FactoryCatalog catalog) throws InvalidConfigException {
        Problems problems = new Problems();
        catalog.conflicts().forEach(c -> problems.add(config.file(), "", c));
        Map<ComponentKind, Map<ComponentId, Planned<?>>> planned = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            Map<ComponentId, Planned<?>> ofKind = new LinkedHashMap<>();
            for (Declared d : config.declared(kind).values()) {
                Planned<?> p = plan(d, catalog, problems);
                if (p != null) {
                    ofKind.put(d.id(), p);
                }
            }
            planned.put(kind, ofKind);
        }
        for (Pipeline pipeline : config.pipelines()) {
            checkPipeline(pipeline, config, planned, problems);
        }
        problems.throwIfAny();
        return new PipelinePlan(config, planned);
    }

    private static Planned<?> plan(Declared d, FactoryCatalog catalog, Problems problems) {
        var entry = catalog.find(d.kind(), d.id().type());
        if (entry.isEmpty()) {
            String loaded = catalog.types(d.kind()).isEmpty() ? "none"
                    : String.join(", ", catalog.types(d.kind()));
            String hint = catalog.kindsOf(d.id().type()).stream()
                    .map(k -> " ('" + d.id().type() + "' is a " + k.word() + " type: declare it under " + k.section() + ")")
                    .collect(Collectors.joining());
            String missing = catalog.notLoaded().isEmpty() ? ""
                    : "; plugins not loaded: " + String.join(", ", catalog.notLoaded());
            problems.add(d.location(), d.kind().section() + "." + d.id(), "unknown " + d.kind().word() + " type '"
                    + d.id().type() + "'; loaded " + d.kind().word() + " types: " + loaded + hint + missing);
            return null;
        }
        return plan(d, entry.get().factory(), entry.get().origin(), problems);
    }

    /** Reads the component's settings; every problem in them is collected, none stops the others. */
    private static <C> Planned<C> plan(Declared d, ComponentFactory<C> factory, FactoryCatalog.Origin origin,
            Problems problems) {
        C config = factory.readConfig(d.settings());
        List<ConfigProblem> found = d.settings().problems();
        found.forEach(problems::add);
        return found.isEmpty() ? new Planned<>(d.kind(), d.id(), factory, config, origin) : null;
    }

    private static void checkPipeline(Pipeline pipeline, PipelinesConfig config,
            Map<ComponentKind, Map<ComponentId, Planned<?>>> planned, Problems problems) {
        for (ComponentKind kind : ComponentKind.values()) {
            Set<ComponentId> seen = new HashSet<>();
            for (Ref ref : pipeline.refs(kind)) {
                if (!seen.add(ref.id())) {
                    problems.add(ref.location(), ref.key(), "'" + ref.id() + "' is listed twice");
                    continue;
                }
                if (!config.declared(kind).containsKey(ref.id())) {
                    String elsewhere = List.of(ComponentKind.values()).stream()
                            .filter(k -> k != kind && config.declared(k).containsKey(ref.id()))
                            .map(k -> " (it is declared under " + k.section() + ")")
                            .collect(Collectors.joining());
                    problems.add(ref.location(), ref.key(), "'" + ref.id() + "' is not defined under "
                            + kind.section() + elsewhere + "; declare it, e.g. " + kind.section() + " { "
                            + quoteIfNeeded(ref.id().toString()) + " {} }");
                    continue;
                }
                Planned<?> p = planned.get(kind).get(ref.id());
                if (p != null && !p.factory().signals().contains(pipeline.signal())) {
                    String carries = p.factory().signals().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", "));
                    problems.add(ref.location(), ref.key(), kind.word() + " '" + ref.id() + "' cannot carry "
                            + pipeline.signal() + " (it carries " + carries + "); remove it from pipeline '"
                            + pipeline.name() + "'");
                }
            }
        }
    }

    private static String quoteIfNeeded(String id) {
        return id.contains("/") ? "\"" + id + "\"" : id;
    }

    public PipelinesConfig config() {
        return config;
    }

    public List<Pipeline> pipelines() {
        return config.pipelines();
    }

    public Planned<?> component(ComponentKind kind, ComponentId id) {
        return components.get(kind).get(id);
    }

    /** Components of a kind that some pipeline uses, in declaration order. */
    public List<Planned<?>> used(ComponentKind kind) {
        Set<ComponentId> used = new HashSet<>();
        for (Pipeline p : config.pipelines()) {
            p.refs(kind).forEach(r -> used.add(r.id()));
        }
        return components.get(kind).values().stream().filter(p -> used.contains(p.id())).toList();
    }
}
