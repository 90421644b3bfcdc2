package dev.coral.agent.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a receiver sends what it receives: one consumer per signal, for the signals of the
 * pipelines that name this receiver. A receiver that feeds several pipelines of a signal gets
 * one consumer that fans out to all of them.
 *
 * @since 0.1.0
 */
public final class Outputs {
    private final Map<Signal<?>, BatchConsumer<?>> consumers;

    public Outputs(Map<Signal<?>, BatchConsumer<?>> consumers) {
        this.consumers = Map.copyOf(consumers);
    }

    /** The consumer of {@code signal}, or empty when no pipeline of that signal uses the receiver. */
    @SuppressWarnings("unchecked")
    public <T> Optional<BatchConsumer<T>> get(Signal<T> signal) {
        return Optional.ofNullable((BatchConsumer<T>) consumers.get(signal));
    }

    /** The signals some pipeline wants from this receiver. */
    public Set<Signal<?>> signals() {
        return consumers.keySet();
    }
}
