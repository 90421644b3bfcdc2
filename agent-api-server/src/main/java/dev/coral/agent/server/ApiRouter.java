package dev.coral.agent.server;

import dev.coral.agent.server.rpc.ConnectHandler;
import dev.coral.agent.server.rpc.GrpcHandler;
import dev.coral.agent.server.transport.ApiTelemetry;
import dev.coral.agent.server.transport.PathGuard;
import dev.coral.agent.server.transport.Replies;
import dev.coral.agent.server.transport.Route;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request of the API's port to the part that speaks it: {@code application/grpc}
 * to gRPC, {@code POST /<package>.<Service>/<Method>} to Connect, GETs to the plain routes
 * ({@code /status}, {@code /metrics}, {@code /duckdb/...}). Never blocks a Jetty thread: RPCs
 * and routes continue on executors, and any failure becomes an answer, never a dropped
 * connection.
 */
public final class ApiRouter extends Handler.Abstract.NonBlocking {
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
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            dispatch(request, response, callback);
        } catch (RuntimeException e) {
            LOG.warn("agent api request failed path={} error=\"{}\"", request.getHttpURI().getPath(), e.toString(), e);
            answerFailure(request, response, callback, e);
        }
        return true;
    }

    private void dispatch(Request request, Response response, Callback callback) {
        if (GrpcHandler.isGrpc(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            grpc.handle(request, response, callback);
            return;
        }
        String path = request.getHttpURI().getPath();
        Optional<String> trick = PathGuard.problem(path);
        if (trick.isPresent()) {
            telemetry.route("invalid", 400);
            Replies.text(request, response, callback, 400, "bad path: " + trick.get());
            return;
        }
        if (ConnectHandler.RPC_PATH.matcher(path).matches()) {
            connect.handle(request, response, callback);
            return;
        }
        Map.Entry<String, Route> route = find(path);
        if (route == null) {
            telemetry.route("unknown", 404);
            Replies.text(request, response, callback, 404, "not found: " + path
                    + "\nroutes: GET /status, GET /metrics, GET /duckdb/<db>, POST /<package>.<Service>/<Method>");
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            telemetry.route(route.getKey(), 405);
            Replies.text(request, response, callback, 405, path + " answers GET and HEAD, not " + method);
            return;
        }
        try {
            work.execute(() -> run(route, request, response, callback));
        } catch (RejectedExecutionException e) {
            Replies.text(request, response, callback, 503, "the agent is shutting down");
        }
    }

    private void run(Map.Entry<String, Route> route, Request request, Response response, Callback callback) {
        try {
            route.getValue().handle(request, response, callback);
            telemetry.route(route.getKey(), response.getStatus());
        } catch (Exception | LinkageError e) {
            LOG.warn("agent api route failed route={} error=\"{}\"", route.getKey(), e.toString(), e);
            telemetry.route(route.getKey(), 500);
            answerFailure(request, response, callback, e);
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

    private static void answerFailure(Request request, Response response, Callback callback, Throwable e) {
        if (Replies.canAnswer(response)) {
            response.reset();
            Replies.text(request, response, callback, 500, "internal error: " + e);
        } else {
            callback.failed(e);
        }
    }
}
