package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.function.Supplier;

/**
 * The builder of a component created once for all its signals (receivers, exporters, stores):
 * it declares the signals it carries, then takes the creator in {@code build}.
 */
abstract class SignalsBuilder<C, B extends SignalsBuilder<C, B>> extends FactoryBuilder<C, B> {
    SignalsBuilder(String type, Supplier<C> defaults, ConfigReader<C> reader) {
        super(type, defaults, reader);
    }

    /** Carries traces ({@link Signal#TRACES}). */
    public final B traces(Stability stability) {
        return carry(Signal.TRACES, stability);
    }

    /** Carries metrics ({@link Signal#METRICS}). */
    public final B metrics(Stability stability) {
        return carry(Signal.METRICS, stability);
    }

    /** Carries logs ({@link Signal#LOGS}). */
    public final B logs(Stability stability) {
        return carry(Signal.LOGS, stability);
    }

    /** Carries profiles ({@link Signal#PROFILES}). */
    public final B profiles(Stability stability) {
        return carry(Signal.PROFILES, stability);
    }
}
