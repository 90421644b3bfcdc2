package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** What every kind's factory builder holds: type, defaults, reader and the signals carried. */
abstract class FactoryBuilder<C, B extends FactoryBuilder<C, B>> {
    final String type;
    final Supplier<C> defaults;
    final ConfigReader<C> reader;
    final Map<Signal<?>, Stability> signals = new LinkedHashMap<>();

    FactoryBuilder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        this.type = type;
        this.defaults = defaults;
        this.reader = reader;
    }

    final B carry(Signal<?> signal, Stability stability) {
        signals.put(Objects.requireNonNull(signal, "signal"), Objects.requireNonNull(stability, "stability"));
        return self();
    }

    abstract B self();
}
