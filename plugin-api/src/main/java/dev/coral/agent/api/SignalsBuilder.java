package dev.coral.agent.api;

import dev.coral.agent.api.config.ConfigReader;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Builds the factory of a component created once for all its signals (a receiver, an exporter,
 * a store): declare the signals it carries, each with its stability, then {@link #build} with
 * the creator. Obtained from {@link ReceiverFactory#builder}, {@link ExporterFactory#builder} or
 * {@link StoreFactory#builder}.
 *
 * @param <C> the component's configuration
 * @param <K> the kind's creator
 * @param <F> the factory built
 * @since 0.1.0
 */
public final class SignalsBuilder<C, K, F extends ComponentFactory<C>> extends FactoryBuilder<C, SignalsBuilder<C, K, F>> {
    private final BiFunction<SignalsBuilder<C, K, F>, K, F> finish;

    SignalsBuilder(String type, Supplier<C> defaults, ConfigReader<C> reader,
            BiFunction<SignalsBuilder<C, K, F>, K, F> finish) {
        super(type, defaults, reader);
        this.finish = finish;
    }

    /** Carries traces ({@link Signal#TRACES}). */
    public SignalsBuilder<C, K, F> traces(Stability stability) {
        return carry(Signal.TRACES, stability);
    }

    /** Carries metrics ({@link Signal#METRICS}). */
    public SignalsBuilder<C, K, F> metrics(Stability stability) {
        return carry(Signal.METRICS, stability);
    }

    /** Carries logs ({@link Signal#LOGS}). */
    public SignalsBuilder<C, K, F> logs(Stability stability) {
        return carry(Signal.LOGS, stability);
    }

    /** Carries profiles ({@link Signal#PROFILES}). */
    public SignalsBuilder<C, K, F> profiles(Stability stability) {
        return carry(Signal.PROFILES, stability);
    }

    /** Carries eBPF instrumentation rows ({@link Signal#EBPF}). */
    public SignalsBuilder<C, K, F> ebpf(Stability stability) {
        return carry(Signal.EBPF, stability);
    }

    /** The factory, creating its components with {@code creator}. */
    public F build(K creator) {
        return finish.apply(this, Objects.requireNonNull(creator, "creator"));
    }

    @Override
    SignalsBuilder<C, K, F> self() {
        return this;
    }
}
