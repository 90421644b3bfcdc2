package dev.coral.agent.server.transport;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A plain GET (and HEAD) route. Routes run on the API's work executor, never on a Jetty
 * thread, so they may block (a store query, a snapshot copy); they answer through the
 * response and complete {@code callback}, usually via {@link Replies}.
 */
@FunctionalInterface
public interface Route {
    void handle(Request request, Response response, Callback callback) throws Exception;
}
