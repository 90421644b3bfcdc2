package dev.coral.agent.api;

/**
 * Brings data into the agent (a socket, a poller, a child process) and hands it to the
 * {@link Outputs} it was created with. One receiver instance serves every pipeline that
 * names it.
 *
 * @since 0.1.0
 */
public interface Receiver extends Component {}
