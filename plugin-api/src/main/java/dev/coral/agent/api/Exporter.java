package dev.coral.agent.api;

/**
 * Sends data out of the agent, or keeps it. One instance serves every pipeline that names it;
 * the runtime asks it for a consumer per signal.
 *
 * @since 0.1.0
 */
public interface Exporter extends Component {
    /**
     * The consumer for one of the signals this exporter's factory declared. The runtime calls
     * this once per signal, before {@link #start}.
     */
    <T> BatchConsumer<T> consumer(Signal<T> signal);
}
