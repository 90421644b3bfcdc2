package dev.coral.agent.server.transport;

/**
 * What the API's port does with each request: called on the connection's event loop, so it must
 * not block; it answers through the {@link Exchange}, at once or later from another thread.
 */
@FunctionalInterface
public interface Dispatch {
    void handle(Exchange exchange);
}
