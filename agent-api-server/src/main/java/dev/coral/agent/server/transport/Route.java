package dev.coral.agent.server.transport;

/**
 * A plain GET (and HEAD) route. Routes run on the API's work executor, never on an event loop,
 * so they may block (a store query, a snapshot copy); they answer through the exchange, usually
 * via {@link Replies}.
 */
@FunctionalInterface
public interface Route {
    void handle(Exchange exchange) throws Exception;
}
