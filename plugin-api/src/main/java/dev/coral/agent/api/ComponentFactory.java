package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigProblem;
import dev.coral.agent.api.config.ConfigReader;
import dev.coral.agent.api.config.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Describes and builds one type of component, as the OpenTelemetry Collector's factories do:
 * a type name, a typed default configuration, a reader of its settings, and the signals it
 * carries with the stability of each. Built with the kind's builder ({@link ReceiverFactory#builder},
 * {@link ProcessorFactory#builder}, {@link ExporterFactory#builder}, {@link StoreFactory#builder})
 * and contributed through a {@link FactoryProvider}.
 *
 * @param <C> the component's typed, immutable configuration
 * @since 0.1.0
 */
public abstract sealed class ComponentFactory<C>
        permits ReceiverFactory, ProcessorFactory, SinkFactory {
    private final String type;
    private final Supplier<C> defaults;
    private final ConfigReader<C> reader;
    private final Map<Signal<?>, Stability> signals;

    ComponentFactory(FactoryBuilder<C, ?> b) {
        this.type = new ComponentId(Objects.requireNonNull(b.type, "type"), "").type();
        this.defaults = Objects.requireNonNull(b.defaults, "defaults");
        this.reader = Objects.requireNonNull(b.reader, "reader");
        if (b.signals.isEmpty()) {
            throw new IllegalArgumentException(type + ": a factory must carry at least one signal");
        }
        this.signals = Collections.unmodifiableMap(new LinkedHashMap<>(b.signals));
    }

    /** The type name used in {@code pipelines.conf}, e.g. {@code "otlp"}. */
    public final String type() {
        return type;
    }

    /** The kind, fixed by the subclass. */
    public abstract ComponentKind kind();

    /** The signals this component can carry. Using it in a pipeline of another signal is a config error. */
    public final Set<Signal<?>> signals() {
        return signals.keySet();
    }

    /** How settled this component's support for {@code signal} is; null for a signal it does not carry. */
    public final Stability stability(Signal<?> signal) {
        return signals.get(signal);
    }

    /** The configuration used when {@code pipelines.conf} sets nothing: must work out of the box. */
    public final C defaultConfig() {
        return Objects.requireNonNull(defaults.get(), () -> type + ": the default config is null");
    }

    /**
     * Reads {@code settings} over {@link #defaultConfig()}. Every problem (a bad value, a key the
     * reader never read, a reader that threw) is recorded in {@link Settings#problems()}; the
     * result is meaningful only when there are none.
     */
    public final C readConfig(Settings settings) {
        C config = null;
        try {
            config = reader.read(settings, defaultConfig());
            if (config == null) {
                settings.reject("", "a configuration, but the " + type + " plugin returned none");
            }
        } catch (ConfigProblem p) {
            settings.record(p);
        } catch (RuntimeException e) {
            settings.reject("", "settings the " + type + " plugin can read; it failed with " + e);
        }
        for (String unread : settings.unreadKeys()) {
            settings.record(new ConfigProblem(settings.locationOf(unread), settings.path() + "." + unread,
                    "unknown setting for " + kind().word() + " type '" + type + "'"));
        }
        return config;
    }

    @Override
    public String toString() {
        return kind().word() + "/" + type;
    }
}
