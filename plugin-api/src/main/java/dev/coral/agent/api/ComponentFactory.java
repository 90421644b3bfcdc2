package dev.coral.agent.api;

import dev.coral.agent.api.config.Settings;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * Describes and builds one type of component, as the OpenTelemetry Collector's factories do.
 * Plugins contribute factories as PF4J {@code @Extension}s of one of the kind-specific
 * subinterfaces.
 *
 * @param <C> the component's typed, immutable configuration (a record is ideal)
 */
public interface ComponentFactory<C> extends ExtensionPoint {
    /** The type name used in {@code pipelines.conf}, e.g. {@code "otlp"}. */
    String type();

    /** The kind, fixed by the subinterface. */
    ComponentKind kind();

    /** The signals this component can carry. Using it in a pipeline of another signal is a config error. */
    Set<Signal<?>> signals();

    /** The configuration used when {@code pipelines.conf} sets nothing: must work out of the box. */
    C defaultConfig();

    /**
     * Reads the component's settings over {@link #defaultConfig()} and validates them. Report a
     * bad value with {@link Settings#invalid}, which names file, line and key; settings the
     * factory never reads are reported to the user as unknown keys.
     */
    C parseConfig(Settings settings);
}
