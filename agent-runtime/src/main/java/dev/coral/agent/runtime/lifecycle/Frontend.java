package dev.coral.agent.runtime.lifecycle;

import java.io.IOException;

/**
 * Something that serves a running agent to the outside, such as the Agent API server. The
 * runtime knows it only by this interface: it starts each frontend after every component (a
 * frontend reads the stores) and closes it before them (no read may reach a store that is
 * shutting down); a config reload starts it again on the new pipelines.
 */
@FunctionalInterface
public interface Frontend {
    /**
     * Starts serving {@code runtime}, whose components have all started.
     *
     * @throws IOException when it cannot start (an address cannot be bound...), saying why
     */
    Running start(RuntimeView runtime) throws IOException;

    /** A started frontend; {@link #close} stops it and frees what it holds. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
