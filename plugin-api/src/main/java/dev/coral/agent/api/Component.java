package dev.coral.agent.api;

/**
 * What every pipeline component shares: a lifecycle.
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
     * runtime shuts down what already started and exits with the message.
     */
    default void start(Host host) throws Exception {}

    /**
     * Stops taking new work, finishes or fails what is in flight, and releases resources.
     * Called once, also when {@link #start} failed; must not throw for a half-started component.
     */
    default void shutdown() throws Exception {}
}
