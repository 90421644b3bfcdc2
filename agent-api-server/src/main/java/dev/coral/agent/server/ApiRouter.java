package dev.coral.agent.server;

import dev.coral.agent.server.rpc.ConnectHandler;
import dev.coral.agent.server.rpc.GrpcHandler;
import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.Dispatch;
import dev.coral.agent.server.transport.Exchange;
import dev.coral.agent.server.transport.PathGuard;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request of the API's port to the part that speaks it: {@code application/grpc}
 * to gRPC, {@code POST /<package>.<Service>/<Method>} to Connect, GETs to the plain routes
 * ({@code /status}, {@code /metrics}, {@code /duckdb/...}). Never blocks an event loop: RPCs
 * and routes continue on executors, and any failure becomes an answer, never a dropped
 * connection.
 */
public final class ApiRouter implements Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    private final GrpcHandler grpc;
    private final ConnectHandler connect;
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final Map<String, Route> prefixed = new LinkedHashMap<>();
    private final Executor work;
    private final ApiTelemetry telemetry;

    public ApiRouter(GrpcHandler grpc, ConnectHandler connect, Executor work, ApiTelemetry telemetry) {
        this.grpc = grpc;
        this.connect = connect;
        this.work = work;
        this.telemetry = telemetry;
    }

    /** Serves GET {@code path} exactly. */
    public ApiRouter route(String path, Route route) {
        exact.put(path, route);
        return this;
    }

    /** Serves GET of every path under {@code prefix} (which ends with '/'). */
    public ApiRouter prefix(String prefix, Route route) {
        prefixed.put(prefix, route);
        return this;
    }

    @Override
    public void handle(Exchange exchange) {
        try {
            dispatch(exchange);
        } catch (RuntimeException e) {
            LOG.warn("agent api request failed path={} error=\"{}\"", exchange.rawPath(), e.toString(), e);
            answerFailure(exchange, e);
        }
    }

    private void dispatch(Exchange exchange) {
        if (GrpcHandler.isGrpc(exchange.header(HttpHeaderNames.CONTENT_TYPE))) {
            grpc.handle(exchange);
            return;
        }
        String path = exchange.rawPath();
        Optional<String> trick = PathGuard.problem(path);
        if (trick.isPresent()) {
            telemetry.route("invalid", 400);
            Replies.text(exchange, 400, "bad path: " + trick.get());
            return;
        }
        if (ConnectHandler.RPC_PATH.matcher(path).matches()) {
            connect.handle(exchange);
            return;
        }
        Map.Entry<String, Route> route = find(path);
        if (route == null) {
            telemetry.route("unknown", 404);
            Replies.text(exchange, 404, "not found: " + path
                    + "\nroutes: GET /status, GET /metrics, GET /duckdb/<db>, POST /<package>.<Service>/<Method>");
            return;
        }
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.answerHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            telemetry.route(route.getKey(), 405);
            Replies.text(exchange, 405, path + " answers GET and HEAD, not " + method);
            return;
        }
        try {
            work.execute(() -> run(route, exchange));
        } catch (RejectedExecutionException e) {
            Replies.text(exchange, 503, "the agent is shutting down");
        }
    }

    private void run(Map.Entry<String, Route> route, Exchange exchange) {
        try {
            route.getValue().handle(exchange);
            telemetry.route(route.getKey(), exchange.status());
        } catch (Exception | LinkageError e) {
            LOG.warn("agent api route failed route={} error=\"{}\"", route.getKey(), e.toString(), e);
            telemetry.route(route.getKey(), 500);
            answerFailure(exchange, e);
        }
    }

    private Map.Entry<String, Route> find(String path) {
        Route r = exact.get(path);
        if (r != null) {
            return Map.entry(path, r);
        }
        for (var e : prefixed.entrySet()) {
            if (path.startsWith(e.getKey()) || path.equals(e.getKey().substring(0, e.getKey().length() - 1))) {
                return Map.entry(e.getKey() + "*", e.getValue());
            }
        }
        return null;
    }

    private static void answerFailure(Exchange exchange, Throwable e) {
        if (exchange.canAnswer()) {
            exchange.answerHeaders().clear();
            Replies.text(exchange, 500, "internal error: " + e);
        } else {
            exchange.abort();
        }
    }
}
