package dev.coral.agent.api;

import java.util.Optional;

/**
 * What every pipeline component shares: a lifecycle, and capabilities it offers the rest of
 * the agent (a store's query interfaces, a profiler's on-demand profiling).
 *
 * <p>The runtime starts stores and exporters first, then processors, then receivers; it shuts
 * them down in the reverse order, so a receiver stops taking data before the parts behind it
 * drain and close.
 *
 * @since 0.1.0
 */
public interface Component {
    /**
     * Acquires resources (sockets, files, threads). Throwing fails the agent's start: the
     * runtime shuts down every component it created and exits with the message.
     */
    default void start(Host host) throws Exception {}

    /**
     * Stops taking new work, finishes or fails what is in flight, and releases resources, by
     * {@code deadline}: the part of the agent's {@code shutdown-timeout} left when this
     * component's turn comes. The runtime does not wait for a component past its deadline: it
     * names it as unfinished and goes on with the next. Once the deadline has passed, release
     * what must be released without waiting, and fail what is still in flight.
     *
     * <p>Called once for every component the runtime created, also when {@link #start} failed or
     * was never called (another component failed first); must not throw for a half-started or
     * unstarted component.
     *
     * @since 0.1.0
     */
    default void shutdown(Deadline deadline) throws Exception {}

    /**
     * This component's implementation of a capability interface, if it has one. Capabilities
     * are looked up by type, so the Agent API and other components depend on the interface
     * (say {@code dev.coral.agent.api.query.SpanQueries}), not on an implementation.
     *
     * @since 0.1.0
     */
    default <Q> Optional<Q> capability(Class<Q> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
}
